import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from startups.views.directory import MAX_PAGES, PER_PAGE
from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory

pytestmark = pytest.mark.django_db
URL = reverse("startups:startup_list")


def names(response):
    return sorted(s.name for s in response.context["startups"])


def test_only_published_startups_are_listed(client, startup, other_startup):
    StartupFactory(status="submitted", name="Eingereicht")
    assert names(client.get(URL)) == ["Alpha Logistik"]


def test_topic_filter_with_several_topics_does_not_duplicate_rows(client):
    ai, iot = TopicFactory(slug="ai"), TopicFactory(slug="iot")
    both = StartupFactory(name="Beides", topics=[ai, iot])
    StartupFactory(name="Nur KI", topics=[ai])
    StartupFactory(name="Keins")
    response = client.get(URL + "?topic=ai&topic=iot")
    assert names(response) == ["Beides", "Nur KI"]
    assert response.context["result_count"] == 2
    assert both in response.context["startups"]


def test_hub_stage_and_model_filters(client):
    berlin, hamburg = HubFactory(slug="berlin"), HubFactory(slug="hamburg")
    StartupFactory(name="A", hub=berlin, stage="seed", business_model="b2b")
    StartupFactory(name="B", hub=hamburg, stage="seed", business_model="b2c")
    StartupFactory(name="C", hub=hamburg, stage="growth", business_model="b2c")
    assert names(client.get(URL + "?hub=berlin&hub=hamburg&stage=seed")) == ["A", "B"]
    assert names(client.get(URL + "?hub=hamburg&business_model=b2c&stage=growth")) == ["C"]
    assert names(client.get(URL + "?city=berlin")) == ["A", "B", "C"]


def test_ranges_and_seeking_funding(client):
    StartupFactory(name="Klein", team_size=3, founded_year=2015, funding_sought=None, seeking_funding=False,
                   funding_visibility="public")  # fmt: skip
    StartupFactory(name="Groß", team_size=40, founded_year=2022, funding_sought=2_000_000, funding_visibility="public")
    assert names(client.get(URL + "?team_min=10")) == ["Groß"]
    assert names(client.get(URL + "?founded_max=2016")) == ["Klein"]
    assert names(client.get(URL + "?seeking_funding=false")) == ["Klein"]
    assert names(client.get(URL + "?funding_min=1000000&funding_max=3000000")) == ["Groß"]


def test_search_finds_name_and_pitch(client):
    StartupFactory(name="Frachtfuchs", pitch="Disposition für Speditionen")
    StartupFactory(name="Anderes", pitch="Etwas anderes")
    assert names(client.get(URL + "?q=frachtfuchs")) == ["Frachtfuchs"]
    assert names(client.get(URL + "?q=Speditionen")) == ["Frachtfuchs"]


def test_sorts(client):
    StartupFactory(name="Zeta", funding_sought=900, funding_visibility="public")
    StartupFactory(name="Alpha", funding_sought=100, funding_visibility="public")
    StartupFactory(name="Verborgen", funding_sought=5_000, funding_visibility="investors")
    newest = StartupFactory(name="Mitte", funding_sought=500, funding_visibility="public")
    assert [s.name for s in client.get(URL + "?sort=name").context["startups"]] == [
        "Alpha",
        "Mitte",
        "Verborgen",
        "Zeta",
    ]
    # Largest amount first; an amount the viewer may not see sorts last, as if missing.
    assert [s.name for s in client.get(URL + "?sort=funding").context["startups"]] == [
        "Zeta",
        "Mitte",
        "Alpha",
        "Verborgen",
    ]
    assert client.get(URL).context["startups"][0] == newest


def shown_sort(response) -> tuple[str, list[str]]:
    """The label the sort control shows (its selected option, else its first) and the values it offers."""
    select = re.search(r'<select name="sort".*?</select>', response.content.decode(), re.S).group()  # type: ignore[union-attr]  # the test fails without a match
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    shown = next((label for _value, selected, label in options if selected), options[0][2])
    return shown, [value for value, _selected, _label in options]


def test_sort_control_shows_the_order_applied(client, english):
    older = StartupFactory(name="Frachtfuchs Alt", published_at=timezone.now() - timedelta(days=3))
    newer = StartupFactory(name="Frachtfuchs Neu")
    url = reverse("startups:startup_list")  # /en/
    response = client.get(url)
    assert list(response.context["startups"]) == [newer, older]
    assert shown_sort(response) == ("Newest", ["newest", "name", "funding"])
    # Relevance left over after the search word was cleared is the newest-first order it gives, not an error.
    response = client.get(url + "?q=&sort=relevance")
    assert list(response.context["startups"]) == [newer, older]
    assert shown_sort(response)[0] == "Newest"
    response = client.get(url + "?q=Frachtfuchs")
    assert shown_sort(response) == ("Relevance", ["relevance", "newest", "name", "funding"])
    assert shown_sort(client.get(url + "?q=Frachtfuchs&sort=name"))[0] == "Name"
    with translation.override("de"):
        assert shown_sort(client.get(reverse("startups:startup_list")))[0] == "Neueste"


def test_chips_remove_one_value_each(client, english):
    TopicFactory(slug="ai", name_en="AI", name_de="KI")
    TopicFactory(slug="iot", name_en="IoT", name_de="IoT")
    response = client.get(reverse("startups:startup_list") + "?topic=ai&topic=iot&stage=seed&q=test&sort=name")
    chips = {chip["value"]: chip["url"] for chip in response.context["chips"]}
    assert set(chips) == {"AI", "IoT", "Seed", "test"}  # topic names in the page's language
    assert chips["AI"] == "?topic=iot&stage=seed&q=test&sort=name"
    assert chips["test"] == "?topic=ai&topic=iot&stage=seed&sort=name"
    assert "Remove all filters" in response.content.decode()


def test_empty_state_has_a_hint(client, english):
    html = client.get(reverse("startups:startup_list") + "?q=nichtsdergleichen").content.decode()
    assert "No startups match these filters." in html


def test_invalid_filter_shows_error_not_crash(client, startup, english):
    response = client.get(reverse("startups:startup_list") + "?stage=rocket&funding_min=abc")
    assert response.status_code == 200
    assert list(response.context["startups"]) == []
    assert "Some filters are not valid" in response.content.decode()


def test_pagination_keeps_filters_and_is_capped(client, settings):
    StartupFactory.create_batch(PER_PAGE + 1, stage="seed")
    response = client.get(URL + "?stage=seed&page=2")
    assert len(response.context["startups"]) == 1
    assert 'href="?stage=seed&amp;page=1"' in response.content.decode()
    paginator = response.context["paginator"]
    assert paginator.max_pages == MAX_PAGES and not paginator.is_capped
    assert client.get(URL + f"?page={MAX_PAGES + 1}").status_code == 404


def test_capped_count(monkeypatch, client, english):
    from startups.views import directory

    monkeypatch.setattr(directory.CappedPaginator, "max_pages", 1)
    StartupFactory.create_batch(PER_PAGE + 3)
    response = client.get(reverse("startups:startup_list"))
    assert response.context["is_capped"] and response.context["paginator"].num_pages == 1
    assert "More than" in response.content.decode()


@pytest.mark.parametrize("rows", [1, 25])
def test_directory_query_count_is_constant(client, django_assert_max_num_queries, rows):
    topic, other, hub = TopicFactory(), TopicFactory(), HubFactory()
    StartupFactory.create_batch(rows, topics=[topic, other], hub=hub)
    with django_assert_max_num_queries(5):
        response = client.get(URL + f"?topic={topic.slug}&topic={other.slug}&hub={hub.slug}&stage=seed&q=Logistik")
    assert len(response.context["startups"]) == min(rows, PER_PAGE)
    assert len(response.context["chips"]) == 5


@pytest.mark.parametrize("rows", [1, 25])
def test_directory_query_count_for_verified_investor(client, django_assert_num_queries, investor, rows):
    StartupFactory.create_batch(rows, topics=[TopicFactory()])
    client.force_login(investor.user)
    with django_assert_num_queries(5 + 2 + 2):  # the first page of this process also loads the filter choices
        client.get(URL + "?sort=funding&q=Logistik")
    # Then the page's own 4: count, page, topics of the page, the investor's bookmarks among them; the viewer
    # (startups/visibility.py) and the navigation's matching links (matching/selectors.py) come from the cache until a
    # person's roles change, the topic and hub choices from the process (hubs.selectors.filter_choices) until a hub
    # or topic changes, the session from the cache. Django's user lookup comes on top of every logged-in page.
    # (A search is the investor's own list: startups/listing.py does not share it.)
    with django_assert_num_queries(4 + 1):
        response = client.get(URL + "?sort=funding&q=Logistik")
    assert len(response.context["startups"]) == min(rows, PER_PAGE)


def test_investor_directory_for_startups_and_staff_only(client, founder, startup, investor, staff_user):
    url = reverse("startups:investor_list")
    assert client.get(url).status_code == 302  # to the login
    client.force_login(investor.user)
    assert client.get(url).status_code == 403
    client.force_login(founder)
    assert client.get(url).status_code == 200
    client.force_login(staff_user)
    assert client.get(url).status_code == 200
    assert client.get(investor.get_absolute_url()).status_code == 200


def test_investor_directory_filters(client, founder, startup):
    ai = TopicFactory(slug="ai")
    InvestorProfileFactory(organisation="Angel A", investor_type="business_angel", stages=["idea"], ticket_min=10_000,
                           ticket_max=50_000)  # fmt: skip
    vc = InvestorProfileFactory(organisation="VC B", investor_type="vc", stages=["seed", "series_a"])
    vc.topics.add(ai)
    InvestorProfileFactory(organisation="Versteckt", is_verified=False)
    client.force_login(founder)
    url = reverse("startups:investor_list")

    def orgs(query):
        return [i.organisation for i in client.get(url + query).context["investors"]]

    assert orgs("") == ["Angel A", "VC B"]
    assert orgs("?investor_type=vc") == ["VC B"]
    assert orgs("?stage=idea") == ["Angel A"]
    assert orgs("?topic=ai") == ["VC B"]
    assert orgs("?ticket=30000") == ["Angel A"]
    assert orgs("?ticket=500000&stage=seed") == ["VC B"]


@pytest.mark.parametrize("rows", [1, 20])
def test_investor_directory_query_count_is_constant(client, founder, startup, django_assert_num_queries, rows):
    for investor in InvestorProfileFactory.create_batch(rows):
        investor.topics.add(TopicFactory())
    client.force_login(founder)
    # The page's own 6: the viewer, the topic choices, count, page, topics and hubs of the page.
    # Django's user lookup and the navigation's matching links come on top of every logged-in page (the session
    # comes from the cache).
    with django_assert_num_queries(6 + 2):
        response = client.get(reverse("startups:investor_list"))
    assert len(response.context["investors"]) == rows


def test_multi_value_filters_need_no_distinct(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    topic, hub = TopicFactory(slug="ai"), HubFactory(slug="hx")
    StartupFactory(topics=[topic], stage="seed", hub=hub)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + "?topic=ai&stage=seed&stage=idea&hub=hx")
    assert len(response.context["startups"]) == 1
    assert not [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]


@pytest.mark.parametrize("param", ["team_min", "team_max"])
def test_team_size_filter_refuses_fractions_with_a_clear_error(client, english, param):
    StartupFactory(name="Eins", team_size=1, company_visibility="public")
    StartupFactory(name="Zwei", team_size=2, company_visibility="public")
    response = client.get(reverse("startups:startup_list") + f"?{param}=1.5")
    assert list(response.context["startups"]) == []
    assert "Enter a whole number." in str(response.context["filterset"].form.errors[param])
    assert names(client.get(reverse("startups:startup_list") + f"?{param}=2")) == (
        ["Zwei"] if param == "team_min" else ["Eins", "Zwei"]
    )
