"""The page cache for visitors: one visitor's page serves the next, an edit shows once it commits, and nothing
personal (a signed-in page, a CSRF token, a cookie, a session) is ever stored for another visitor."""

import threading

import pytest
from django.db import transaction
from django.test import Client

from hubportal.core import pagecache
from hubs.models import Hub
from tests.factories import HubFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.core.pagecache_urls")]


@pytest.fixture(autouse=True)
def switched_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


def served(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response.headers.get(pagecache.MARKER), response.content.decode()


def test_a_visitor_gets_the_page_another_visitor_caused(client, django_assert_num_queries):
    HubFactory(name="Berlin")
    assert served(client, "/names/") == ("MISS", "Berlin")
    with django_assert_num_queries(0):
        assert served(client, "/names/") == ("HIT", "Berlin")
    assert served(client, "/names/?page=2")[0] == "MISS"  # the query string is part of the address


def test_an_edit_shows_once_it_is_committed(client):
    hub = HubFactory(name="Berlin")
    served(client, "/names/")
    seen_meanwhile = []
    with transaction.atomic():
        hub.name = "Berlin (neu)"
        hub.save()
        # Another visitor, on a connection of their own, builds the page before the commit: from the old rows.
        other = threading.Thread(target=lambda: (seen_meanwhile.append(served(Client(), "/names/")), close_old()))
        other.start()
        other.join()
    assert seen_meanwhile == [("MISS", "Berlin")]
    assert served(client, "/names/") == ("MISS", "Berlin (neu)")  # that page is not served after the commit
    HubFactory(name="Aachen")
    assert served(client, "/names/") == ("MISS", "Aachen, Berlin (neu)")
    Hub.objects.get(name="Aachen").delete()
    assert served(client, "/names/") == ("MISS", "Berlin (neu)")


def close_old():
    from django.db import connection

    connection.close()


def test_another_scope_keeps_its_pages(client):
    HubFactory(name="Berlin")
    served(client, "/names/")
    pagecache.bump("events")
    assert served(client, "/names/")[0] == "HIT"
    pagecache.bump("hubs")
    assert served(client, "/names/")[0] == "MISS"


def test_a_signed_in_person_is_never_served_nor_stored(client):
    HubFactory(name="Berlin")
    client.force_login(UserFactory())
    assert served(client, "/names/") == (None, "Berlin")
    assert served(client, "/names/") == (None, "Berlin")
    client.logout()
    client.cookies.clear()
    assert served(client, "/names/")[0] == "MISS"


@pytest.mark.parametrize("url", ["/form/", "/message/", "/cookie/", "/private/", "/missing/"])
def test_pages_with_something_of_the_visitor_are_not_stored(client, url):
    first = client.get(url)
    client.cookies.clear()
    second = client.get(url)
    assert pagecache.MARKER not in first and pagecache.MARKER not in second


def test_a_csrf_token_is_never_shared(client):
    tokens = set()
    for _ in range(2):
        client.cookies.clear()
        tokens.add(client.get("/form/").content)
    assert len(tokens) == 2


def test_switched_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    HubFactory(name="Berlin")
    assert served(client, "/names/") == (None, "Berlin")
    assert served(client, "/names/") == (None, "Berlin")


def fill_hub_count(request, html):
    return html.replace("<!--fill:hub-count-->", str(Hub.objects.count()))


def test_a_place_is_filled_on_every_answer_and_only_the_page_around_it_is_stored(client, monkeypatch):
    monkeypatch.setattr(pagecache, "FILLERS", [])
    pagecache.fill_with(fill_hub_count)
    pagecache.fill_with(fill_hub_count)  # registered once
    assert [fill_hub_count] == pagecache.FILLERS
    HubFactory()
    assert served(client, "/place/") == ("MISS", "Hubs: 1")
    Hub.objects.bulk_create([HubFactory.build()])  # no signal: the page stays stored
    assert served(client, "/place/") == ("HIT", "Hubs: 2")
    signed_in = Client()
    signed_in.force_login(UserFactory())
    assert served(signed_in, "/place/") == (None, "Hubs: 2")  # built for them, with no place


def test_without_a_filler_a_place_stays_a_comment(client, monkeypatch):
    monkeypatch.setattr(pagecache, "FILLERS", [])
    HubFactory()
    assert served(client, "/place/") == ("MISS", "Hubs: <!--fill:hub-count-->")
