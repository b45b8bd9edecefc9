"""Task results of the database queue (django-tasks-db) whose worker died.

A worker killed in the middle of a task (deployment, out of memory, machine down) leaves its task "running"
for ever: django-tasks-db keeps no heartbeat. After TASKS_LOST_AFTER_MINUTES such a task is marked failed, with
the reason as its error, so the admin's task results show it. Nothing is run again here: the mail queue's sweep
(`send_pending_mail`) delivers a mail whose delivery task was lost, from the mail's own state.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class WorkerLost(Exception):
    """The worker running a task stopped before it could record a result."""


def task_results_fail_lost(*, older_than: timedelta | None = None) -> int:
    """Marks failed the tasks still "running" that started more than `older_than` ago; returns how many."""
    older_than = older_than or timedelta(minutes=settings.TASKS_LOST_AFTER_MINUTES)
    now = timezone.now()
    error = WorkerLost(
        f"No result {int(older_than.total_seconds() // 60)} minutes after the task started: "
        "the worker running it stopped (killed, restarted or out of memory)."
    )
    # A single UPDATE guarded by the status: a worker that finishes meanwhile keeps its own result.
    return DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - older_than).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: {error}\n",
        return_value=None,
    )
