"""Journey: find an event, register, see the ticket, cancel, and the waitlisted person moves up."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Registration
from events.services import registration_create
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_see_ticket_cancel_and_waitlisted_person_moves_up(page, live_server, log_in):
    EventFactory(title="Anderes Treffen")
    event = EventFactory(title="Pitch-Abend Logistik", capacity=1)
    alice = UserFactory(first_name="Alice", last_name="Anfang", language="en")
    bob = UserFactory(first_name="Bob", last_name="Warteliste", language="en")

    log_in(alice)
    page.goto(f"{live_server.url}/en/events/")
    page.get_by_label("Search").fill("Pitch")
    page.get_by_role("button", name="Show events").click()
    expect(page.get_by_role("heading", name="1 event")).to_be_visible()
    expect(page.get_by_role("link", name="Anderes Treffen")).to_have_count(0)
    page.get_by_role("link", name="Pitch-Abend Logistik").click()
    expect(page.get_by_role("heading", level=1, name="Pitch-Abend Logistik")).to_be_visible()
    expect(page.get_by_text("1 seat left")).to_have_count(2)

    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1, name="Your ticket for Pitch-Abend Logistik")).to_be_visible()
    alice_registration = Registration.objects.get(event=event, user=alice)
    expect(page.get_by_text(alice_registration.ticket_code)).to_be_visible()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    expect(qr).to_be_visible()
    # The image loads after the page: wait for it (a broken one never gets a width) rather than read it at once.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=qr.element_handle())

    waiting = registration_create(event=event, user=bob)
    assert waiting.waitlist_position == 1

    log_in(bob)
    page.goto(f"{live_server.url}/en/account/")
    expect(page.get_by_text("Waitlist position 1")).to_be_visible()

    log_in(alice)
    page.goto(f"{live_server.url}/en/account/")
    page.get_by_role("link", name="Cancel – Pitch-Abend Logistik").click()
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()

    log_in(bob)
    page.goto(f"{live_server.url}/en/account/")
    expect(page.get_by_text("You are registered")).to_be_visible()
    page.get_by_role("link", name="Ticket – Pitch-Abend Logistik").click()
    waiting.refresh_from_db()
    assert waiting.is_confirmed
    expect(page.get_by_text(waiting.ticket_code)).to_be_visible()
