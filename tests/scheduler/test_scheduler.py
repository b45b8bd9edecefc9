"""The scheduler runs each registered job once per period, however many schedulers run at the same time, and
resumes a run whose scheduler died (hubportal/scheduler/)."""

import ast
import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from hubportal.scheduler import registry
from hubportal.scheduler.models import JobRun
from hubportal.scheduler.services import LOCK_NAMESPACE, MAX_ATTEMPTS, scheduler_run_due
from tests.deploy.conftest import database_url
from tests.security.test_database_down import database_unreachable

NOON = datetime(2026, 12, 7, 12, 1, 30, tzinfo=UTC)


def test_every_app_registers_its_periodic_commands():
    assert {job.name: job.schedule for job in registry.jobs()} == {
        "send_pending_mail": "every 5 min",
        "send_event_reminders": "every 10 min",
        "send_registration_mails": "every 1 min",
        "send_call_reminders": "every 60 min",
        "fail_lost_tasks": "every 10 min",
        "expire_introductions": "daily at 04:15",
        "purge_expired_data": "daily at 04:30",
        "prune_db_task_results": "daily at 04:45",
        "send_digests": "daily at 07:00",
        "scheduler_prune_runs": "daily at 04:00",
    }


def test_the_scheduler_imports_no_feature_app():
    feature_apps = {"hubs", "startups", "events", "matching", "agency", "calls"}
    package = Path(settings.BASE_DIR) / "hubportal" / "scheduler"
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            assert not {name.split(".")[0] for name in names} & feature_apps, path


def test_periods_are_fixed_slots_in_utc_or_days_from_a_local_time():
    every_five = registry.Job(name="a", function=list, every=timedelta(minutes=5))
    assert every_five.period_start(NOON) == datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    assert every_five.period_start(NOON + timedelta(minutes=4)) == datetime(2026, 12, 7, 12, 5, tzinfo=UTC)
    daily = registry.Job(name="b", function=list, daily_at=datetime.strptime("04:30", "%H:%M").time())
    # Berlin is UTC+1 in December: 04:30 local is 03:30 UTC.
    assert daily.period_start(NOON) == datetime(2026, 12, 7, 3, 30, tzinfo=UTC)
    assert daily.period_start(datetime(2026, 12, 7, 3, 29, tzinfo=UTC)) == datetime(2026, 12, 6, 3, 30, tzinfo=UTC)
    # Summer time (UTC+2), the day after the change.
    assert daily.period_start(datetime(2026, 3, 30, 12, 0, tzinfo=UTC)) == datetime(2026, 3, 30, 2, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    "kwargs", [{}, {"every": timedelta(minutes=5), "daily_at": "04:00"}, {"every": timedelta(seconds=30)}]
)
def test_a_job_needs_one_whole_schedule(kwargs):
    with pytest.raises(ValueError):
        registry.register("broken", list, **kwargs)
    assert "broken" not in {job.name for job in registry.jobs()}


@pytest.mark.django_db
def test_a_job_runs_once_per_period_and_again_in_the_next():
    calls = []
    job = registry.Job(name="count", function=lambda: calls.append(1) or "counted", every=timedelta(minutes=5))
    assert [run.status for run in scheduler_run_due(now=NOON, jobs=[job])] == ["succeeded"]
    assert scheduler_run_due(now=NOON + timedelta(minutes=1), jobs=[job]) == []
    assert len(scheduler_run_due(now=NOON + timedelta(minutes=5), jobs=[job])) == 1
    assert len(calls) == 2
    assert list(JobRun.objects.order_by("period_start").values_list("period_start", "output")) == [
        (datetime(2026, 12, 7, 12, 0, tzinfo=UTC), "counted"),
        (datetime(2026, 12, 7, 12, 5, tzinfo=UTC), "counted"),
    ]


@pytest.mark.django_db
def test_a_failing_job_is_recorded_and_the_others_still_run():
    def broken():
        raise RuntimeError("SMTP said no")

    jobs = [
        registry.Job(name="broken", function=broken, every=timedelta(minutes=5)),
        registry.Job(name="fine", function=lambda: "ok", every=timedelta(minutes=5)),
    ]
    runs = scheduler_run_due(now=NOON, jobs=jobs)
    assert [(run.job, run.status) for run in runs] == [("broken", "failed"), ("fine", "succeeded")]
    assert "RuntimeError: SMTP said no" in JobRun.objects.get(job="broken").error
    assert scheduler_run_due(now=NOON, jobs=jobs) == []  # a failed period is not retried by every look


@pytest.mark.django_db(transaction=True)
def test_two_scheduler_threads_run_a_job_once_per_period():
    calls = []
    job = registry.Job(
        name="slow", function=lambda: calls.append(time.sleep(0.3)) or "done", every=timedelta(minutes=5)
    )
    for period in range(3):
        moment = NOON + timedelta(minutes=5 * period)
        barrier = threading.Barrier(2)
        ran = []

        def scheduler(moment=moment, barrier=barrier, ran=ran):
            barrier.wait()
            try:
                ran.extend(scheduler_run_due(now=moment, jobs=[job]))
            finally:
                connections.close_all()

        threads = [threading.Thread(target=scheduler) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert len(ran) == 1
    assert len(calls) == 3
    assert JobRun.objects.count() == 3


CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime, timedelta
    import django
    django.setup()
    from hubportal.scheduler import registry
    from hubportal.scheduler.services import scheduler_run_due

    log, start_at, period = sys.argv[1], float(sys.argv[2]), datetime.fromisoformat(sys.argv[3])

    def job():
        with open(log, "a") as out:
            out.write(f"ran in {sys.argv[4]}\\n")
        time.sleep(1)
        return "written"

    registry.register("two_process_job", job, every=timedelta(minutes=5))
    time.sleep(max(0, start_at - time.time()))
    runs = scheduler_run_due(now=period, jobs=[j for j in registry.jobs() if j.name == "two_process_job"])
    print(len(runs))
    """
)


@pytest.mark.django_db(transaction=True)
def test_two_scheduler_processes_run_a_job_once_per_period(tmp_path):
    log = tmp_path / "runs.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hubportal.settings.test",
        "DATABASE_URL": database_url("hubportal-test-scheduler"),
    }
    for period in range(2):
        moment = (NOON + timedelta(minutes=5 * period)).isoformat()
        start_at = str(time.time() + 3)  # both past their start-up by then
        children = [
            subprocess.Popen(
                [sys.executable, "-c", CHILD, str(log), start_at, moment, name],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("first", "second")
        ]
        results = [child.communicate(timeout=60) for child in children]
        assert [child.returncode for child in children] == [0, 0], results
        assert sorted(out.strip() for out, _ in results) == ["0", "1"]
    assert len(log.read_text().splitlines()) == 2  # one line per period
    assert JobRun.objects.filter(job="two_process_job", status="succeeded").count() == 2


def wait_until_gone(pid: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if cursor.fetchone() is None:
                return True
        time.sleep(0.05)
    return False


def dead_run(job_name: str, attempts: int = 1) -> JobRun:
    """A run whose scheduler died mid-job: "running", and nobody holds its lock."""
    return JobRun.objects.create(
        job=job_name,
        period_start=datetime(2026, 12, 7, 12, 0, tzinfo=UTC),
        started_at=NOON,
        runner="old-host:4242",
        attempts=attempts,
    )


@pytest.mark.django_db(transaction=True)
def test_a_run_whose_scheduler_died_is_resumed_in_the_same_period_but_not_one_still_running():
    calls = []
    job = registry.Job(name="resumable", function=lambda: calls.append(1) or "resumed", every=timedelta(minutes=5))
    run = dead_run("resumable")

    # While its scheduler lives (it holds the lock on another connection), nobody else touches the run.
    holder = connections.create_connection("default")
    with holder.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", [LOCK_NAMESPACE, run.pk])
    assert scheduler_run_due(now=NOON, jobs=[job]) == []
    pid = holder.connection.info.backend_pid
    holder.close()  # the scheduler dies: PostgreSQL releases its lock when the server process has ended
    assert wait_until_gone(pid)

    [resumed] = scheduler_run_due(now=NOON, jobs=[job])
    assert resumed.pk == run.pk
    run.refresh_from_db()
    assert (run.status, run.attempts, run.output) == ("succeeded", 2, "resumed")
    assert "Interrupted: the scheduler old-host:4242 stopped during attempt 1." in run.error
    assert scheduler_run_due(now=NOON, jobs=[job]) == []
    assert len(calls) == 1


@pytest.mark.django_db(transaction=True)
def test_a_run_interrupted_too_often_is_marked_failed_not_resumed():
    job = registry.Job(name="crashing", function=lambda: "never", every=timedelta(minutes=5))
    run = dead_run("crashing", attempts=MAX_ATTEMPTS)
    assert scheduler_run_due(now=NOON, jobs=[job]) == []
    run.refresh_from_db()
    assert run.status == "failed" and "Not resumed again in this period." in run.error


@pytest.mark.django_db
def test_registered_commands_run_and_their_output_is_kept(monkeypatch):
    monkeypatch.setattr(registry, "_jobs", {})
    registry.register_command("send_pending_mail", every=timedelta(minutes=5))
    call_command("run_scheduler", "--once")
    run = JobRun.objects.get()
    assert (run.job, run.status, run.output.strip()) == ("send_pending_mail", "succeeded", "0 mail(s) processed.")
    assert run.period_start <= timezone.now() < run.period_start + timedelta(minutes=5)


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_waits_out_a_database_outage(monkeypatch, tmp_path, caplog):
    monkeypatch.setattr(registry, "_jobs", {})
    registry.register("after_outage", lambda: "ran", every=timedelta(minutes=5))
    with database_unreachable(tmp_path):
        call_command("run_scheduler", "--once")  # logs and returns; the loop looks again later
    assert "Scheduler could not reach the database" in caplog.text
    connection.close()
    call_command("run_scheduler", "--once")
    assert JobRun.objects.get().output == "ran"
