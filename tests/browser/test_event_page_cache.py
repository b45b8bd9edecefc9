"""Journey: visitors read an event page from the shared cache, still see the seats as they are now, and register."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration
from events.services import registration_create
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def test_a_visitor_sees_the_current_seats_from_the_cache_and_joins_the_waitlist(page, live_server):
    event = EventFactory(title="Sensor-Frühstück", capacity=2, waitlist_enabled=True)
    url = f"{live_server.url}/de/events/{event.slug}/"
    assert page.goto(url).headers["x-page-cache"] == "MISS"
    expect(page.get_by_text("2 Plätze frei")).to_have_count(2)

    registration_create(event=event, user=UserFactory())
    assert page.reload().headers["x-page-cache"] == "HIT"
    expect(page.get_by_text("1 Platz frei")).to_have_count(2)
    assert "<!--fill:" not in page.content()

    registration_create(event=event, user=UserFactory())
    assert page.reload().headers["x-page-cache"] == "HIT"
    expect(page.get_by_text("Ausgebucht – Warteliste offen")).to_have_count(2)
    page.get_by_role("link", name="Auf die Warteliste").click()
    page.get_by_label("Name", exact=True).fill("Gerda Gast")
    page.get_by_label("E-Mail", exact=True).fill("gerda@example.org")
    page.get_by_role("button", name="Auf die Warteliste").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bitte sehen Sie in Ihr Postfach")
    guest = Registration.objects.get(event=event, email="gerda@example.org")
    assert guest.status == Registration.Status.PENDING
    assert ["gerda@example.org"] in [message.to for message in mail.outbox]  # the confirmation link
