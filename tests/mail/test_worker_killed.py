"""A task worker killed in the middle of sending a mail: the mail is neither lost nor sent twice while its
sender lives, the sweep sends it once more, and the dead worker's task shows as failed in the admin."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override
from django_tasks_db.models import DBTaskResult

from hubportal.core.task_results import task_results_fail_lost
from hubportal.mail.models import OutboundEmail
from hubportal.mail.services import INTERRUPTED_ERROR, email_retry_now, email_send_pending, message_id
from tests.deploy.conftest import database_url

from .test_queue import send_test_mail


def wait_for(condition, seconds=30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_mail_whose_worker_is_killed_mid_delivery_is_sent_once_more_and_the_task_shows_failed(
    db_tasks, tmp_path, admin_client
):
    outbound = send_test_mail(to="rush@example.org")
    marker = tmp_path / "smtp-started"
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-startup-delay", "--no-reload"],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.mail.worker_settings",
            "DATABASE_URL": database_url("hubportal-test-killed-worker"),
            "MAIL_HANG_MARKER": str(marker),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert wait_for(lambda: marker.exists() and marker.read_text()), "the worker never started sending"
        outbound.refresh_from_db()
        assert (outbound.status, outbound.attempts) == (OutboundEmail.Status.SENDING, 1)
        assert email_send_pending() == 1 and mail.outbox == []  # the live sender holds the mail: hands off
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(30)

    task = DBTaskResult.objects.get()
    assert task.status == "RUNNING"  # django-tasks-db keeps no heartbeat: the dead worker's task looks alive
    email_send_pending()
    assert mail.outbox == []  # claimed a moment ago: not yet taken for interrupted

    OutboundEmail.objects.filter(pk=outbound.pk).update(claimed_at=timezone.now() - timedelta(minutes=2))
    email_send_pending()  # the sweep, as the scheduler runs it every 5 minutes
    email_send_pending()
    assert [m.to for m in mail.outbox] == [["rush@example.org"]]
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts, outbound.last_error) == ("sent", 2, INTERRUPTED_ERROR)
    # The same Message-ID as the interrupted attempt: a receiver that got both can tell they are one mail.
    assert mail.outbox[0].message()["Message-ID"] == marker.read_text() == message_id(outbound)

    assert task_results_fail_lost() == 0  # a task is taken for lost only after TASKS_LOST_AFTER_MINUTES
    DBTaskResult.objects.update(started_at=timezone.now() - timedelta(minutes=settings.TASKS_LOST_AFTER_MINUTES + 1))
    assert task_results_fail_lost() == 1
    task.refresh_from_db()
    assert task.status == "FAILED" and "WorkerLost" in task.traceback
    with override("en"):
        page = admin_client.get(reverse("admin:django_tasks_database_dbtaskresult_changelist"), {"status": "FAILED"})
    assert page.status_code == 200 and str(task.pk) in page.content.decode()


@pytest.mark.django_db
def test_retry_now_leaves_a_mail_that_is_being_sent_and_requeues_an_interrupted_one(settings):
    settings.EMAIL_BACKEND = "tests.mail.backends.FailingBackend"
    being_sent, interrupted = send_test_mail(to="a@example.org"), send_test_mail(to="b@example.org")
    now = timezone.now()
    OutboundEmail.objects.filter(pk=being_sent.pk).update(status="sending", claimed_at=now)
    OutboundEmail.objects.filter(pk=interrupted.pk).update(status="sending", claimed_at=now - timedelta(minutes=5))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert email_retry_now(outbound_ids=[being_sent.pk, interrupted.pk]) == 1
    assert [m.to for m in mail.outbox] == [["b@example.org"]]
    assert OutboundEmail.objects.get(pk=being_sent.pk).status == "sending"
