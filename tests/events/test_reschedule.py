"""Moving an event: its registrants are told, and the new date gets its own reminder."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import event_reminders_send, event_reschedule
from tests.factories import EventFactory, RegistrationFactory

from .conftest import mails_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    now = timezone.now()
    event = EventFactory(capacity=1, starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=7))
    event.confirmed = RegistrationFactory(event=event, email="bestaetigt@example.org")
    event.waiting = RegistrationFactory(
        event=event,
        email="wartend@example.org",
        language="en",
        status=Registration.Status.WAITLISTED,
        waitlist_position=1,
    )
    RegistrationFactory(event=event, email="abgesagt@example.org", status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, user=None, email="gast@example.org", status=Registration.Status.PENDING)
    return event


def move(event, by):
    event.starts_at += by
    event.ends_at += by
    event.save()
    return event_reschedule(event=event, changed_fields=["starts_at", "ends_at"])


def test_moving_an_event_mails_each_confirmed_and_waitlisted_registrant_once_in_their_language(event):
    assert move(event, timedelta(days=3)) == 2
    assert sorted(address for m in mail.outbox for address in m.to) == ["bestaetigt@example.org", "wartend@example.org"]
    [german] = mails_to("bestaetigt@example.org")
    assert german.subject.endswith(f"Änderung Ihrer Veranstaltung: {event.title}")
    assert "die Zeit Ihrer Veranstaltung hat sich geändert" in german.body
    assert event.confirmed.ticket_code in german.body
    assert german.attachments[0][0] == "event.ics"
    [english] = mails_to("wartend@example.org")
    assert english.subject.endswith(f"Change to your event: {event.title}")
    assert "the time of your event has changed" in english.body
    assert not english.attachments


def test_a_new_online_link_is_mailed_only_to_confirmed_attendees(event):
    event.online_url = "https://meet.example.org/neu"
    event.save()
    assert event_reschedule(event=event, changed_fields=["online_url"]) == 1
    [only] = mail.outbox
    assert only.to == ["bestaetigt@example.org"] and "meet.example.org/neu" in only.body


def test_the_reminder_is_sent_again_for_the_new_date_exactly_once(event):
    now = timezone.now()
    assert event_reminders_send(now=now) == 1
    event.refresh_from_db()
    assert event.reminder_sent_at is not None
    move(event, timedelta(days=3))
    mail.outbox = []
    assert event_reminders_send(now=now) == 0
    new_day = event.starts_at - timedelta(hours=5)
    assert event_reminders_send(now=new_day) == 1
    assert event_reminders_send(now=new_day + timedelta(minutes=5)) == 0
    assert [m.to for m in mail.outbox] == [["bestaetigt@example.org"]]


def test_other_changes_and_drafts_mail_nobody(event):
    assert event_reschedule(event=event, changed_fields=["title", "capacity"]) == 0
    event.status = Event.Status.DRAFT
    event.save()
    assert move(event, timedelta(days=1)) == 0
    assert mail.outbox == []


def change_form_data(client, event, **changes):
    form = client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("topics", "image")}
    for key in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
        data.pop(key, None)
    for key in ("starts_at", "ends_at"):
        when = changes.pop(key, getattr(event, key)).astimezone()
        data |= {f"{key}_0": when.strftime("%d.%m.%Y"), f"{key}_1": when.strftime("%H:%M:%S")}
    registrations = list(event.registrations.order_by("pk"))
    data |= {
        "agenda_items-TOTAL_FORMS": 0,
        "agenda_items-INITIAL_FORMS": 0,
        "registrations-TOTAL_FORMS": len(registrations),
        "registrations-INITIAL_FORMS": len(registrations),
    }
    for i, registration in enumerate(registrations):
        data |= {f"registrations-{i}-id": registration.pk, f"registrations-{i}-event": event.pk}
    return data | changes


def test_admin_moving_a_published_event_mails_the_registrants(client, staff_user, event):
    Event.objects.filter(pk=event.pk).update(reminder_sent_at=timezone.now())
    client.force_login(staff_user)
    url = reverse("admin:events_event_change", args=[event.pk])
    response = client.post(url, change_form_data(client, event, title="Neuer Titel"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert mail.outbox == []
    assert Event.objects.get(pk=event.pk).reminder_sent_at is not None
    later = event.starts_at + timedelta(days=2)
    data = change_form_data(client, event, starts_at=later, ends_at=later + timedelta(hours=2))
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert sorted(address for m in mail.outbox for address in m.to) == ["bestaetigt@example.org", "wartend@example.org"]
    assert Event.objects.get(pk=event.pk).reminder_sent_at is None
