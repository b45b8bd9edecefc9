"""“Save this search” on the directories and match pages, the saved-search list and what may be saved."""

import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from matching.models import SavedSearch
from tests.factories import InvestorProfileFactory, SavedSearchFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

with translation.override("en"):
    CREATE = reverse("matching:savedsearch_create")
    LIST = reverse("matching:savedsearch_list")
    DIRECTORY = reverse("startups:startup_list")
    INVESTORS = reverse("startups:investor_list")
    MATCHES = {name: reverse(f"matching:{name}") for name in ("startup_matches", "investor_matches")}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def hidden(html: str, name: str) -> str | None:
    """The value of the hidden input `name` of the save form."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    return match.group(1).replace("&amp;", "&") if match else None


def test_directory_offers_saving_the_filter_without_the_page(client, topics, founder, startup):
    client.force_login(UserFactory())
    html = client.get(DIRECTORY, {"topic": "ai", "stage": "seed", "page": "1"}).content.decode()
    assert 'class="form save-search-form"' in html and f'action="{CREATE}"' in html
    assert hidden(html, "kind") == "startups"
    assert hidden(html, "querystring") == "topic=ai&stage=seed"


def test_anonymous_visitors_get_a_login_link_instead_of_the_form(client, startup):
    html = client.get(DIRECTORY, {"topic": "ai"}).content.decode()
    assert "save-search-form" not in html
    assert "Log in to save this search" in html
    assert reverse("account_login") + "?next=%2Fen%2Fstartups%2F%3Ftopic%3Dai" in html


def test_investor_directory_offers_an_investor_search_to_startup_teams(client, founder, startup):
    client.force_login(founder)
    html = client.get(INVESTORS, {"investor_type": "vc", "page": "1"}).content.decode()
    assert hidden(html, "kind") == "investors"
    assert hidden(html, "querystring") == "investor_type=vc"


def test_match_pages_offer_saving_only_the_directory_filters(client, founder, startup, investor):
    client.force_login(investor.user)
    html = client.get(MATCHES["startup_matches"], {"topic": "ai", "page": "1"}).content.decode()
    assert (hidden(html, "kind"), hidden(html, "querystring")) == ("startups", "topic=ai")
    client.force_login(founder)
    html = client.get(MATCHES["investor_matches"], {"startup": startup.slug, "topic": "ai"}).content.decode()
    assert (hidden(html, "kind"), hidden(html, "querystring")) == ("investors", "topic=ai")


@pytest.mark.parametrize("rows", [1, 25])
def test_directory_with_the_save_form_keeps_its_query_count(client, django_assert_num_queries, rows):
    StartupFactory.create_batch(rows, topics=[TopicFactory()])
    client.force_login(UserFactory())
    client.get(DIRECTORY)  # the first page of the process loads the filter choices (hubs.selectors.filter_choices)
    # As for a verified investor (tests/startups/test_directory.py): the page's own 3 (no bookmarks) and Django's
    # user; viewer, navigation and session come from the cache; the form needs no query.
    with django_assert_num_queries(3 + 1):
        response = client.get(DIRECTORY, {"q": "Logistik"})
    assert b"save-search-form" in response.content


def test_saving_redirects_to_the_list_with_a_message(client, founder, startup):
    client.force_login(founder)
    data = {"name": "Business Angels", "frequency": "weekly", "kind": "investors", "querystring": "investor_type=vc"}
    response = client.post(CREATE, data)
    assert response.status_code == 302 and response.url == LIST
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your search is saved."]
    search = SavedSearch.objects.get(user=founder)
    assert (search.kind, search.querystring, search.frequency) == ("investors", "investor_type=vc", "weekly")
    assert search.get_absolute_url() == f"{INVESTORS}?investor_type=vc"
    html = client.get(LIST).content.decode()
    assert "Investor directory" in html and "Weekly" in html and "None yet" in html
    assert f'href="{INVESTORS}?investor_type=vc"' in html


def test_duplicate_name_shows_the_form_again_with_the_typed_values(client, founder, startup):
    SavedSearchFactory(user=founder, name="Energie")
    client.force_login(founder)
    data = {"name": "Energie", "frequency": "weekly", "kind": "startups", "querystring": "topic=energy&page=3"}
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["You already have a saved search with this name."]
    html = response.content.decode()
    assert 'value="Energie"' in html
    assert re.search(r'<option value="weekly" selected>', html)
    assert hidden(html, "kind") == "startups" and hidden(html, "querystring") == "topic=energy&page=3"
    assert f'href="{DIRECTORY}?topic=energy"' in html  # back to the directory, as filtered
    assert SavedSearch.objects.filter(user=founder).count() == 1


def test_the_page_is_never_saved_and_a_missing_kind_means_startups(client):
    user = UserFactory()
    client.force_login(user)
    client.post(CREATE, {"name": "Alt", "frequency": "daily", "querystring": "page=4&q=Robotik"})
    search = SavedSearch.objects.get(user=user)
    assert (search.kind, search.querystring) == ("startups", "q=Robotik")
    assert search.get_absolute_url() == f"{DIRECTORY}?q=Robotik"


def test_a_filter_too_long_once_encoded_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(CREATE, {"name": "Lang", "frequency": "daily", "querystring": "q=" + "ä" * 200})
    assert response.status_code == 200 and response.context["form"].errors["querystring"]
    assert not SavedSearch.objects.exists()


def test_only_teams_of_published_startups_save_investor_searches(client, investor):
    data = {"name": "Investoren", "frequency": "daily", "kind": "investors", "querystring": ""}
    draft = StartupFactory(status="draft", published_at=None)
    for user in (investor.user, UserFactory(), draft.memberships.get().user):
        client.force_login(user)
        response = client.post(CREATE, data)
        assert response.status_code == 200 and response.context["form"].errors["kind"], user
    assert not SavedSearch.objects.exists()


def test_unknown_kind_is_refused(client):
    client.force_login(UserFactory())
    response = client.post(CREATE, {"name": "X", "frequency": "daily", "kind": "events", "querystring": ""})
    assert response.status_code == 200 and response.context["form"].errors["kind"]


def test_list_shows_only_own_searches_and_others_cannot_delete_them(client, founder, startup):
    mine = SavedSearchFactory(user=founder, name="Meine", kind="investors")
    theirs = SavedSearchFactory(name="Fremde")
    client.force_login(founder)
    assert list(client.get(LIST).context["searches"]) == [mine]
    assert client.post(reverse("matching:savedsearch_delete", args=[theirs.pk])).status_code == 404
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()


def test_list_query_count_does_not_grow(client, django_assert_num_queries):
    user = UserFactory()
    client.force_login(user)
    SavedSearchFactory(user=user)
    with django_assert_num_queries(3):  # user, the navigation's matching links, searches (the session: cached)
        client.get(LIST)
    SavedSearchFactory.create_batch(10, user=user, kind="investors")
    with django_assert_num_queries(2):  # the navigation now from the cache
        response = client.get(LIST)
    assert len(response.context["searches"]) == 11


def test_verified_investor_without_a_startup_gets_no_investor_directory_form(client, investor):
    # The investor directory itself is closed to them, so there is no page with that form.
    client.force_login(InvestorProfileFactory().user)
    assert client.get(INVESTORS).status_code == 403


def test_empty_fields_of_the_filter_form_are_left_out(client):
    user = UserFactory()
    client.force_login(user)
    querystring = "q=&topic=ai&topic=&topic=iot&city=&sort=newest&page=2"
    client.post(CREATE, {"name": "Ohne Leeres", "frequency": "never", "querystring": querystring})
    assert SavedSearch.objects.get(user=user).querystring == "topic=ai&topic=iot&sort=newest"
