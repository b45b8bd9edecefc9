"""A registration's mail is written after the event's lock is released, and never lost or sent twice."""

import io
import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from events.models import Registration
from events.services import mails as event_mails
from events.services import registration as registration_services
from events.services import registration_create, registration_mails_send_due
from tests.factories import EventFactory, UserFactory


def _event_is_locked_from_another_connection(event_id: int) -> bool:
    """Tries to lock the event row from a fresh connection without waiting."""
    answer = {}

    def probe():
        try:
            with connections["default"].cursor() as cursor:
                cursor.execute("SELECT id FROM events_event WHERE id = %s FOR UPDATE NOWAIT", [event_id])
            answer["locked"] = False
        except Exception:  # LockNotAvailable: someone holds it
            answer["locked"] = True
        finally:
            connections.close_all()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join(30)
    return answer["locked"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("guest", [False, True])
def test_the_mail_is_built_after_the_event_lock_is_released(monkeypatch, guest):
    event = EventFactory(capacity=5)
    seen = []
    real_mail = event_mails.mail

    def watching_mail(registration, template, **kwargs):
        seen.append((template, _event_is_locked_from_another_connection(event.pk)))
        return real_mail(registration, template, **kwargs)

    monkeypatch.setattr(registration_services, "mail", watching_mail)
    monkeypatch.setattr(event_mails, "mail", watching_mail)  # mail_placed calls it through its module
    if guest:
        registration_create(event=event, name="Gast", email="gast@example.com")
    else:
        registration_create(event=event, user=UserFactory())
    assert seen == [("guest_confirm" if guest else "registration_confirmed", False)]
    assert len(mail.outbox) == 1
    assert Registration.objects.get().mail_due == ""


@pytest.mark.django_db
def test_a_mail_that_failed_after_the_seat_is_sent_once_by_the_sweep(monkeypatch):
    event = EventFactory(capacity=5)
    monkeypatch.setattr(event_mails, "email_send", lambda **kwargs: 1 / 0)
    registration = registration_create(event=event, user=UserFactory())  # the person keeps the seat
    assert registration.status == Registration.Status.CONFIRMED and len(mail.outbox) == 0
    assert Registration.objects.get().mail_due == "placed"
    monkeypatch.undo()
    assert registration_mails_send_due() == 0  # still within the grace minute: the request may be sending it
    later = timezone.now() + timedelta(minutes=2)
    assert registration_mails_send_due(now=later) == 1
    assert registration_mails_send_due(now=later) == 0
    assert len(mail.outbox) == 1 and event.title in mail.outbox[0].subject + mail.outbox[0].body
    assert Registration.objects.get().mail_due == ""


@pytest.mark.django_db
def test_a_registration_cancelled_before_its_mail_gets_none(monkeypatch):
    event = EventFactory(capacity=5)
    monkeypatch.setattr(event_mails, "email_send", lambda **kwargs: 1 / 0)
    registration = registration_create(event=event, user=UserFactory())
    monkeypatch.undo()
    Registration.objects.filter(pk=registration.pk).update(status="cancelled", cancelled_at=timezone.now())
    call_command("send_registration_mails", stdout=io.StringIO())  # nothing due yet: the grace minute
    assert registration_mails_send_due(now=timezone.now() + timedelta(minutes=2)) == 0
    assert len(mail.outbox) == 0 and Registration.objects.get().mail_due == ""


DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("guest", [False, True])
def test_the_registering_request_leaves_the_mail_to_the_worker(settings, guest):
    """With the production task queue the request only queues a task; the worker builds and sends the mail."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TASKS
    event = EventFactory(capacity=5)
    if guest:
        registration_create(event=event, name="Gast", email="gast@example.com")
    else:
        registration_create(event=event, user=UserFactory())
    assert mail.outbox == []
    assert Registration.objects.get().mail_due != ""
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == ["events.tasks.send_registration_mail"]
    call_command("db_worker", batch=True, queue_name="*", startup_delay=False, reload=False, verbosity=0)
    assert len(mail.outbox) == 1
    assert Registration.objects.get().mail_due == ""
    assert mail.outbox[0].to == [Registration.objects.get().email]


@pytest.mark.django_db
def test_the_seat_decision_asks_once_whether_anyone_waits():
    """The lock is held while the seat is decided: that part asks the database only what it needs."""
    event = EventFactory(capacity=5, waitlist_enabled=True)
    with CaptureQueriesContext(connections["default"]) as queries:
        registration = registration_create(event=event, user=UserFactory())
    assert registration.status == Registration.Status.CONFIRMED
    waitlist_checks = [q["sql"] for q in queries.captured_queries if "'waitlisted'" in q["sql"]]
    assert len(waitlist_checks) == 1, waitlist_checks
