"""Match pages from the shared cache for their own person (hubportal/core/personalcache.py)."""

import pytest
from django.contrib import messages
from django.test import Client, override_settings
from django.urls import reverse

from hubportal.core.pagecache import MARKER
from matching.models import SavedSearch
from startups.services import startup_update
from tests.factories import InvestorProfileFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_page_cache_on")]
MATCHES = reverse("matching:startup_matches")


@pytest.fixture
def _page_cache_on():
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield


def other_investor(topics, hub):
    profile = InvestorProfileFactory(organisation="Zweite Kapital", thesis="")
    profile.topics.set([topics["iot"]])
    return profile


def test_a_second_view_is_served_without_ranking_and_its_forms_still_post(investor, startup, django_assert_num_queries):
    client = Client(enforce_csrf_checks=True)
    client.force_login(investor.user)
    first = client.get(MATCHES)
    assert first[MARKER] == "MISS" and "Alpha Sensorik" in first.content.decode()
    with django_assert_num_queries(1):  # Django's user; the session comes from the cache
        again = client.get(MATCHES)
    assert again[MARKER] == "HIT" and "Alpha Sensorik" in again.content.decode()
    assert 'value="<!--csrf-token-->"' not in again.content.decode()
    token = again.content.decode().split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    data = {"csrfmiddlewaretoken": token, "name": "KI", "frequency": "weekly", "kind": "startups", "querystring": ""}
    assert client.post(reverse("matching:savedsearch_create"), data).status_code == 302
    assert SavedSearch.objects.filter(user=investor.user, name="KI").exists()


def test_nobody_else_is_served_the_page(investor, startup, topics, hub):
    mine, theirs = Client(), Client()
    mine.force_login(investor.user)
    assert mine.get(MATCHES)[MARKER] == "MISS"
    other = other_investor(topics, hub)
    theirs.force_login(other.user)
    response = theirs.get(MATCHES)
    assert response[MARKER] == "MISS"
    assert "Ines Kapital" not in response.content.decode()  # the first investor's own page named them
    founder_page = Client()
    founder_page.force_login(startup.memberships.get().user)
    assert founder_page.get(MATCHES).status_code == 403  # a team member has no startup matches, cached or not


def test_an_edit_of_a_startup_shows_at_once(investor, startup, founder, client):
    client.force_login(investor.user)
    assert "Alpha Sensorik" in client.get(MATCHES).content.decode()
    startup_update(startup=startup, user=founder, data={"name": "Alpha Nord"})
    response = client.get(MATCHES)
    assert response[MARKER] == "MISS" and "Alpha Nord" in response.content.decode()


def test_a_change_of_the_investors_profile_ranks_anew(investor, startup, topics, client):
    client.force_login(investor.user)
    before = client.get(MATCHES).context["startups"][0].match_score
    investor.topics.set([topics["iot"]])  # no longer shares a topic with the startup
    response = client.get(MATCHES)
    assert response[MARKER] == "MISS" and response.context["startups"][0].match_score < before


def test_a_page_with_a_message_is_built_anew_and_shows_it(investor, startup, client):
    client.force_login(investor.user)
    client.get(MATCHES)
    session = client.session
    storage = messages.storage.session.SessionStorage(type("R", (), {"session": session})())
    storage.add(messages.SUCCESS, "Gespeichert und gezeigt")
    storage.update(None)
    session.save()
    response = client.get(MATCHES)
    assert MARKER not in response or response[MARKER] != "HIT"
    assert "Gespeichert und gezeigt" in response.content.decode()
    later = client.get(MATCHES)  # the page kept from before the message; the one showing it was not kept
    assert later[MARKER] == "HIT" and "Gespeichert und gezeigt" not in later.content.decode()
