"""The mail queue: enqueue and worker path, immediate path, SMTP failures, retries and the sweep."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hubportal.mail.models import OutboundEmail
from hubportal.mail.services import email_deliver, email_send, email_send_pending
from tests.factories import UserFactory


def run_worker():
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)


def make_due(outbound):
    OutboundEmail.objects.filter(pk=outbound.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def send_test_mail(to="someone@example.org", **kwargs):
    return email_send(
        to=to,
        template_prefix="account/email/password_reset_key",
        context={"password_reset_url": "https://x/"},
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
def test_enqueue_stores_a_task_row_and_the_worker_delivers_it(db_tasks):
    outbound = send_test_mail()

    task_row = DBTaskResult.objects.get()
    assert task_row.queue_name == "mail"
    assert task_row.args_kwargs["args"] == [outbound.pk]
    assert mail.outbox == []
    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.QUEUED

    run_worker()

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert outbound.attempts == 1
    assert outbound.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@example.org"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db(transaction=True)
def test_worker_processes_default_and_mail_queues(db_tasks):
    """`make worker` runs `db_worker --queue-name "*"`: tasks on every queue are picked up."""
    from hubportal.mail.tasks import deliver_email

    first = send_test_mail()
    second = send_test_mail(to="other@example.org")
    DBTaskResult.objects.filter(args_kwargs__args=[second.pk]).delete()
    deliver_email.using(queue_name="default").enqueue(second.pk)
    assert set(DBTaskResult.objects.values_list("queue_name", flat=True)) == {"mail", "default"}

    run_worker()

    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == ["other@example.org", "someone@example.org"]
    assert first.pk != second.pk


def test_immediate_backend_delivers_at_once(db):
    outbound = send_test_mail()

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Hubportal] ")
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_mail_is_rendered_in_the_recipients_language(db):
    UserFactory(email="leser@example.org", language="en")

    with timezone.override("Europe/Berlin"):
        outbound = send_test_mail(to="leser@example.org")

    assert outbound.language == "en"
    assert '<html lang="en">' in outbound.body_html


def test_smtp_failure_keeps_the_mail_and_the_caller_succeeds(db, mail_down):
    outbound = send_test_mail()

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.RETRYING
    assert outbound.attempts == 1
    assert "SMTPServerDisconnected" in outbound.last_error
    assert outbound.next_attempt_at > timezone.now()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_smtp_failure_schedules_a_deferred_retry_until_max_attempts(db_tasks, mail_down):
    mail_down.MAIL_MAX_ATTEMPTS = 3
    outbound = send_test_mail()

    run_worker()

    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.RETRYING
    assert outbound.attempts == 1
    assert outbound.last_error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    assert retry.args_kwargs["args"] == [outbound.pk]

    run_worker()  # the retry is not due yet: nothing happens
    outbound.refresh_from_db()
    assert outbound.attempts == 1

    email_deliver(outbound_id=outbound.pk)  # an early task does not send before the mail is due
    outbound.refresh_from_db()
    assert outbound.attempts == 1

    make_due(outbound)
    email_deliver(outbound_id=outbound.pk)
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (OutboundEmail.Status.RETRYING, 2)

    make_due(outbound)
    email_deliver(outbound_id=outbound.pk)
    outbound.refresh_from_db()
    assert (outbound.status, outbound.attempts) == (OutboundEmail.Status.FAILED, 3)
    assert outbound.next_attempt_at is None
    assert DBTaskResult.objects.filter(status="READY").count() == 2  # no retry after the last attempt

    email_deliver(outbound_id=outbound.pk)  # a stale retry task does not send a failed mail again
    outbound.refresh_from_db()
    assert outbound.attempts == 3


def test_retry_delays_grow_exponentially():
    from hubportal.mail.services import retry_delay

    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert retry_delay(30) == timedelta(hours=1)
    assert retry_delay(500) == timedelta(hours=1)


def test_send_pending_mail_delivers_due_mails_and_skips_the_rest(db, mail_down, settings):
    due = send_test_mail(to="due@example.org")
    later = send_test_mail(to="later@example.org")
    sent = send_test_mail(to="sent@example.org")
    OutboundEmail.objects.filter(pk=due.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))
    OutboundEmail.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(hours=1))
    OutboundEmail.objects.filter(pk=sent.pk).update(status=OutboundEmail.Status.SENT)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    call_command("send_pending_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert OutboundEmail.objects.get(pk=due.pk).status == OutboundEmail.Status.SENT
    assert OutboundEmail.objects.get(pk=later.pk).status == OutboundEmail.Status.RETRYING
    assert email_send_pending() == 0


def test_a_twelve_hour_smtp_outage_loses_no_mail(db, mail_down, settings):
    outbound = send_test_mail(to="patient@example.org")
    start = timezone.now()
    # The sweep keeps trying through the outage; each attempt happens when the mail is due.
    for hours in range(1, 13):
        OutboundEmail.objects.filter(pk=outbound.pk).update(
            created_at=start - timedelta(hours=hours), next_attempt_at=timezone.now() - timedelta(seconds=1)
        )
        email_send_pending()
        outbound.refresh_from_db()
        assert outbound.status == OutboundEmail.Status.RETRYING
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # SMTP is back
    make_due(outbound)
    email_send_pending()
    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.SENT
    assert [m.to for m in mail.outbox] == [["patient@example.org"]]


def test_mail_is_marked_failed_after_the_retry_period(db, mail_down, settings):
    settings.MAIL_RETRY_HOURS = 72
    outbound = send_test_mail()
    OutboundEmail.objects.filter(pk=outbound.pk).update(
        created_at=timezone.now() - timedelta(hours=73), next_attempt_at=None
    )
    email_send_pending()
    outbound.refresh_from_db()
    assert outbound.status == OutboundEmail.Status.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_sweep_does_not_start_a_second_retry_chain(db_tasks, mail_down):
    outbound = send_test_mail()
    run_worker()  # attempt 1 fails and schedules one retry task
    assert DBTaskResult.objects.filter(status="READY").count() == 1
    make_due(outbound)
    email_send_pending()  # attempt 2 by the sweep
    outbound.refresh_from_db()
    assert outbound.attempts == 2
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_failing_enqueue_does_not_break_the_callers_transaction(db, monkeypatch):
    from django.db import connection, transaction

    from hubportal.mail import tasks

    class BrokenTask:
        def get_backend(self):
            return tasks.deliver_email.get_backend()

        def enqueue(self, *args):
            with connection.cursor() as cursor:
                cursor.execute("SELECT * FROM no_such_table_for_this_test")

    monkeypatch.setattr(tasks, "deliver_email", BrokenTask())
    with transaction.atomic():
        outbound = send_test_mail()
        # On PostgreSQL, without a savepoint around the enqueue this query would fail with
        # "current transaction is aborted".
        assert OutboundEmail.objects.filter(pk=outbound.pk).exists()
    assert OutboundEmail.objects.get(pk=outbound.pk).status == OutboundEmail.Status.QUEUED
