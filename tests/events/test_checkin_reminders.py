from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from events.models import Registration
from events.services import event_reminders_send, registration_check_in
from tests.factories import EventFactory, RegistrationFactory

from .conftest import mails_to

pytestmark = pytest.mark.django_db


def test_check_in_marks_attended_then_refuses_second_time():
    registration = RegistrationFactory()
    result = registration_check_in(event=registration.event, code=registration.ticket_code.lower())
    assert result.ok and result.registration == registration
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    again = registration_check_in(event=registration.event, code=registration.ticket_code)
    assert not again.ok
    assert "Already checked in" in again.message or "Bereits" in again.message


def test_check_in_refuses_other_events_ticket_and_unknown_codes():
    registration = RegistrationFactory()
    other = EventFactory(title="Andere Veranstaltung")
    result = registration_check_in(event=other, code=registration.ticket_code)
    assert not result.ok
    unknown = registration_check_in(event=other, code="NOPE")
    assert not unknown.ok and unknown.message == "Kein Ticket mit diesem Code."
    assert not registration_check_in(event=other, code="").ok
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize(
    ("language", "message"),
    [("de", "Dieses Ticket gilt nicht für diese Veranstaltung."), ("en", "This ticket is not for this event.")],
)
def test_other_events_ticket_is_refused_without_revealing_the_registration(language, message):
    registration = RegistrationFactory(
        event=EventFactory(title="Geschlossene Runde"),
        name="Greta Geheim",
        email="greta@example.org",
        company="Geheim GmbH",
    )
    with translation.override(language):
        result = registration_check_in(event=EventFactory(), code=registration.ticket_code)
    assert not result.ok
    assert result.registration is None
    assert result.message == message
    for secret in ("Greta", "greta@example.org", "Geheim GmbH", "Geschlossene Runde"):
        assert secret not in result.message
    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("status", [Registration.Status.WAITLISTED, Registration.Status.CANCELLED])
def test_check_in_refuses_not_confirmed(status):
    registration = RegistrationFactory(status=status, waitlist_position=1 if status == "waitlisted" else None)
    assert not registration_check_in(event=registration.event, code=registration.ticket_code).ok


def test_reminders_go_once_to_confirmed_attendees_of_events_within_24h():
    now = timezone.now()
    soon = EventFactory(starts_at=now + timedelta(hours=5), ends_at=now + timedelta(hours=7))
    later = EventFactory(starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2))
    confirmed = RegistrationFactory(event=soon)
    RegistrationFactory(event=soon, status=Registration.Status.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=later)
    assert event_reminders_send(now=now) == 1
    assert [m.to for m in mail.outbox] == [[confirmed.email]]
    assert mail.outbox[0].attachments[0][0] == "event.ics"
    soon.refresh_from_db()
    assert soon.reminder_sent_at is not None
    assert event_reminders_send(now=now + timedelta(minutes=5)) == 0
    assert len(mail.outbox) == 1


def test_reminder_command_queues_through_mail_path():
    now = timezone.now()
    event = EventFactory(starts_at=now + timedelta(hours=1), ends_at=now + timedelta(hours=2))
    registration = RegistrationFactory(event=event)
    call_command("send_event_reminders")
    call_command("send_event_reminders")
    assert len(mails_to(registration.email)) == 1
    from hubportal.mail.models import OutboundEmail

    assert OutboundEmail.objects.filter(template="emails/events/event_reminder").count() == 1


def test_no_reminders_for_cancelled_or_draft_events():
    now = timezone.now()
    for status in ("cancelled", "draft"):
        event = EventFactory(status=status, starts_at=now + timedelta(hours=2), ends_at=now + timedelta(hours=3))
        RegistrationFactory(event=event)
    assert event_reminders_send(now=now) == 0
    assert mail.outbox == []
