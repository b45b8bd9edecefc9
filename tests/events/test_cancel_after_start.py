"""Once an event has started, attendees can no longer cancel and nobody moves up from the waitlist."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.services import RegistrationClosed, event_waitlist_fill, registration_cancel, registration_create
from events.tokens import guest_token
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def started_event_with_waitlist():
    event = EventFactory(capacity=1)
    holder = registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())
    event.starts_at = timezone.now() - timedelta(minutes=30)
    event.save()
    mail.outbox = []
    return event, holder, waiting


def test_attendee_cannot_cancel_after_start_and_waitlist_stays():
    event, holder, waiting = started_event_with_waitlist()
    with pytest.raises(RegistrationClosed):
        registration_cancel(registration=holder)
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.is_confirmed and waiting.is_waitlisted
    assert mail.outbox == []


def test_staff_cancelling_after_start_promotes_nobody():
    event, holder, waiting = started_event_with_waitlist()
    registration_cancel(registration=holder, by_staff=True)
    waiting.refresh_from_db()
    assert waiting.is_waitlisted
    assert [m.to for m in mail.outbox] == [[holder.email]]


def test_raising_capacity_after_start_promotes_nobody():
    event, holder, waiting = started_event_with_waitlist()
    event.capacity = 5
    event.save()
    assert event_waitlist_fill(event=event) == 0
    waiting.refresh_from_db()
    assert waiting.is_waitlisted and mail.outbox == []


def test_cancel_page_after_start_refuses_with_message_not_500(client):
    event, holder, waiting = started_event_with_waitlist()
    client.force_login(holder.user)
    url = reverse("events:registration_cancel", args=[holder.ticket_code])
    response = client.get(url)
    assert response.status_code == 200 and response.context["too_late"]
    response = client.post(url)
    assert response.status_code == 400 and response.context["too_late"]
    holder.refresh_from_db()
    assert holder.is_confirmed


def test_guest_cancel_link_stops_working_after_start(client):
    event = EventFactory(capacity=1)
    guest = RegistrationFactory(event=event, user=None, email="gast@example.org")
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    event.starts_at = timezone.now() - timedelta(minutes=1)
    event.save()
    response = client.post(reverse("events:registration_guest_cancel", args=[guest_token(guest)]))
    assert response.status_code == 400
    guest.refresh_from_db()
    assert guest.is_confirmed


def test_event_page_and_account_page_offer_no_cancel_link_once_the_event_has_started(client):
    event, holder, waiting = started_event_with_waitlist()
    client.force_login(holder.user)
    cancel_url = reverse("events:registration_cancel", args=[holder.ticket_code])
    for url in (event.get_absolute_url(), reverse("users:account")):
        html = client.get(url).content.decode()
        assert holder.get_absolute_url() in html  # the ticket is still linked
        assert cancel_url not in html
