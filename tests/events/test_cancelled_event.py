"""A cancelled event admits nobody: registrations keep their status, the event's status is what counts."""

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Event
from events.services import event_cancel, registration_check_in
from events.tokens import guest_token
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cancelled_registration():
    registration = RegistrationFactory(
        event=EventFactory(format=Event.Format.HYBRID, online_url="https://meet.example.org/x")
    )
    event_cancel(event=registration.event)
    registration.refresh_from_db()
    assert registration.is_confirmed  # the registration stays as it was
    return registration


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Kein Einlass: Diese Veranstaltung wurde abgesagt."),
        ("en", "Not admitted: this event has been cancelled."),
    ],
)
def test_check_in_refuses_a_ticket_of_a_cancelled_event(cancelled_registration, language, message):
    with translation.override(language):
        result = registration_check_in(event=cancelled_registration.event, code=cancelled_registration.ticket_code)
    assert not result.ok and result.message == message
    cancelled_registration.refresh_from_db()
    assert cancelled_registration.checked_in_at is None


def assert_shows_cancelled_without_ticket(html, registration, cancel_url):
    assert "abgesagt" in html
    assert "Sie sind angemeldet" not in html
    # Not "QR" alone: a random CSRF token on the page may hold those two letters.
    assert "qr.svg" not in html and "ticket-qr" not in html and "QR-Code" not in html
    assert 'class="ticket-code"' not in html
    assert "meet.example.org" not in html
    assert cancel_url not in html


def test_ticket_page_says_the_event_is_cancelled_without_qr_or_cancel_button(client, cancelled_registration):
    client.force_login(cancelled_registration.user)
    html = client.get(cancelled_registration.get_absolute_url()).content.decode()
    cancel_url = reverse("events:registration_cancel", args=[cancelled_registration.ticket_code])
    assert_shows_cancelled_without_ticket(html, cancelled_registration, cancel_url)


def test_guest_ticket_page_says_the_event_is_cancelled(client, cancelled_registration):
    cancelled_registration.user = None
    cancelled_registration.save()
    token = guest_token(cancelled_registration)
    html = client.get(reverse("events:registration_guest", args=[token])).content.decode()
    cancel_url = reverse("events:registration_guest_cancel", args=[token])
    assert_shows_cancelled_without_ticket(html, cancelled_registration, cancel_url)


def test_account_page_and_event_page_say_cancelled_without_cancel_link(client, cancelled_registration):
    client.force_login(cancelled_registration.user)
    cancel_url = reverse("events:registration_cancel", args=[cancelled_registration.ticket_code])
    for url in (reverse("users:account"), cancelled_registration.event.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Veranstaltung abgesagt" in html
        assert "Sie sind angemeldet" not in html
        assert cancel_url not in html
        assert "meet.example.org" not in html
