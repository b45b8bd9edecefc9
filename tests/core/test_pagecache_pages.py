"""The page cache on the portal's pages: what a visitor sees is right a moment after an edit, in their language
and for their filter, and nothing of a signed-in person or of another visitor reaches them."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.services import registration_create
from hubportal.core.pagecache import MARKER
from startups.services import startup_publish, startup_unpublish, startup_update
from tests.factories import EventFactory, HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
DIRECTORY = "/de/startups/"


@pytest.fixture(autouse=True)
def switched_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def visit(url, **params):
    """A new visitor (no cookie) opens `url`."""
    response = Client().get(url, params)
    return response.headers.get(MARKER), response.content.decode()


def test_publishing_editing_and_unpublishing_show_at_once(staff_user):
    owner = UserFactory()
    startup = StartupFactory(name="Sensorwiese", owner=owner, status="submitted", topics=[TopicFactory()])
    assert "Sensorwiese" not in visit(DIRECTORY)[1]
    assert visit(DIRECTORY)[0] == "HIT"
    startup_publish(startup=startup, user=staff_user)
    published = visit(DIRECTORY)
    assert published[0] == "MISS" and "Sensorwiese" in published[1]
    startup_update(startup=startup, user=owner, data={"name": "Sensorwiese Nord"})
    assert "Sensorwiese Nord" in visit(DIRECTORY)[1]
    assert "Sensorwiese Nord" in visit(reverse("startups:startup_detail", args=[startup.slug]))[1]
    startup_unpublish(startup=startup, user=staff_user, reason="Veraltet")
    assert "Sensorwiese" not in visit(DIRECTORY)[1]
    assert visit(reverse("startups:startup_detail", args=[startup.slug]))[0] is None  # 404: never stored


def test_language_and_query_string_are_part_of_the_address():
    StartupFactory(name="Alpha", pitch="Lager")
    StartupFactory(name="Beta", pitch="Software")
    german, english = visit(DIRECTORY)[1], visit("/en/startups/")[1]
    assert 'lang="de"' in german and 'lang="en"' in english
    assert visit(DIRECTORY, q="Lager")[0] == "MISS"
    found = visit(DIRECTORY, q="Lager")
    assert found[0] == "HIT" and "Alpha" in found[1] and "Beta" not in found[1]


def test_a_signed_in_person_is_never_served_a_shared_page_and_their_page_is_never_shared():
    investor = InvestorProfileFactory()
    startup = StartupFactory(name="Alpha")
    bookmark = reverse("startups:bookmark_toggle", args=[startup.slug])  # only a verified investor's page has it
    assert visit(DIRECTORY)[0] == "MISS"
    client = Client()
    client.force_login(investor.user)
    mine = client.get(DIRECTORY)
    # Built for them (kept under their own id only: hubportal/core/personalcache.py), not the visitors' page.
    assert mine.get(MARKER) == "MISS" and bookmark in mine.content.decode()
    assert "private" in mine["Cache-Control"] and "no-store" in mine["Cache-Control"]
    assert bookmark not in visit(DIRECTORY)[1]


def test_the_seats_left_follow_each_registration_without_building_the_pages_anew():
    hub = HubFactory()
    event = EventFactory(capacity=2, waitlist_enabled=True, hub=hub)
    pages = [
        reverse("events:event_detail", args=[event.slug]),
        reverse("events:event_list"),
        reverse("hubs:hub_detail", args=[hub.slug]),
    ]
    for url in pages:
        assert "2 Plätze frei" in visit(url)[1]
    registration_create(event=event, user=UserFactory())
    for url in pages:
        marker, page = visit(url)
        assert marker == "HIT", url  # the registration did not make the page older
        assert "1 Platz frei" in page and "2 Plätze frei" not in page, url
        assert "<!--fill:" not in page
    registration_create(event=event, user=UserFactory())
    marker, page = visit(pages[0])
    assert marker == "HIT" and "Ausgebucht – Warteliste offen" in page and "Auf die Warteliste" in page


def test_a_stored_event_page_tells_visitors_that_registration_opened_without_an_edit():
    event = EventFactory(capacity=3, registration_opens_at=timezone.now() + timedelta(hours=1))
    url = reverse("events:event_detail", args=[event.slug])
    register = reverse("events:registration_create", args=[event.slug])
    marker, page = visit(url)
    assert marker == "MISS" and "Die Anmeldung öffnet am" in page and register not in page
    Event.objects.filter(pk=event.pk).update(registration_opens_at=timezone.now() - timedelta(minutes=1))  # time passed
    marker, page = visit(url)
    assert marker == "HIT" and "Die Anmeldung öffnet am" not in page and "3 Plätze frei" in page and register in page


def test_a_stored_page_costs_one_query_for_its_seats(django_assert_num_queries):
    events = EventFactory.create_batch(3, capacity=5)
    for event in events:
        registration_create(event=event, user=UserFactory())
    url = reverse("events:event_list")
    assert visit(url)[0] == "MISS"
    with django_assert_num_queries(1):
        marker, page = visit(url)
    assert marker == "HIT" and page.count("4 Plätze frei") == 3


def test_a_signed_in_person_gets_the_seats_and_the_form_without_places():
    event = EventFactory(capacity=3)
    client = Client()
    client.force_login(UserFactory())
    page = client.get(reverse("events:event_detail", args=[event.slug])).content.decode()
    assert "3 Plätze frei" in page and "csrfmiddlewaretoken" in page and "<!--fill:" not in page


def test_no_visitor_gets_another_visitors_csrf_token():
    event = EventFactory()
    url = reverse("events:event_detail", args=[event.slug])
    first, second = Client().get(url), Client().get(url)
    first_token = first.cookies.get("csrftoken")
    if first_token is not None:  # a page with a form gives each visitor their own token and is never stored
        assert MARKER not in first and MARKER not in second
        assert second.cookies["csrftoken"].value != first_token.value


def test_pages_are_compressed_with_their_security_headers():
    StartupFactory(name="Alpha")
    for _ in range(2):  # built, then from the cache
        response = Client().get(DIRECTORY, headers={"accept-encoding": "gzip, deflate"})
        assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
        assert "default-src 'self'" in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        import gzip

        assert "Alpha" in gzip.decompress(response.content).decode()
    assert "Content-Encoding" not in Client().get(DIRECTORY)  # not for a client that does not ask for it
