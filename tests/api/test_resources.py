"""The resources of /api/v1/: content, languages, keyset pages and constant query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import (
    AgendaItemFactory,
    ApplicationFactory,
    CallFactory,
    EventFactory,
    HubFactory,
    HubNetworkFactory,
    HubUpdateFactory,
    RegistrationFactory,
    SpeakerFactory,
    StartupFactory,
    TopicFactory,
)

from .conftest import token_client

pytestmark = pytest.mark.django_db


def walk(client, url: str) -> list[dict]:
    """Every row of a list, following `next` links."""
    rows = []
    while url:
        data = client.get(url).json()
        rows += data["results"]
        url = data["next"]
    return rows


def with_m2m(obj, name, other):
    getattr(obj, name).add(other)
    return obj


def test_keyset_pages_list_every_startup_once_in_the_directory_order(api):
    moment = timezone.now()
    for n in range(7):  # equal publication times: the id decides
        StartupFactory(slug=f"s{n}", published_at=moment if n < 4 else moment - datetime.timedelta(days=n))

    rows = walk(api, "/api/v1/startups/?limit=2")

    assert len(rows) == 7 and len({row["slug"] for row in rows}) == 7
    assert [row["slug"] for row in rows] == ["s3", "s2", "s1", "s0", "s4", "s5", "s6"]


@pytest.mark.parametrize("sort", ["name", "funding", "relevance"])
def test_keyset_pages_follow_every_sort_of_the_directory(api, sort):
    for n, amount in enumerate([None, 300, 300, 100, None, 200]):
        StartupFactory(
            slug=f"s{n}", name=f"Logistik {n % 3}", funding_sought=amount, funding_visibility="public", pitch="Logistik"
        )
    query = "&q=Logistik" if sort == "relevance" else ""

    rows = walk(api, f"/api/v1/startups/?limit=2&sort={sort}{query}")
    whole = api.get(f"/api/v1/startups/?limit=100&sort={sort}{query}").json()["results"]

    assert [row["slug"] for row in rows] == [row["slug"] for row in whole]
    assert len(rows) == 6
    if sort == "funding":
        assert [row.get("funding_sought") for row in rows][:4] == [300, 300, 200, 100]


def test_a_cursor_of_another_order_or_garbage_is_a_400(api):
    StartupFactory.create_batch(3)
    cursor = api.get("/api/v1/startups/?limit=1").json()["next"].split("cursor=")[1].split("&")[0]

    assert api.get(f"/api/v1/startups/?sort=name&cursor={cursor}").status_code == 400
    assert api.get("/api/v1/startups/?cursor=bm9uc2Vuc2U").status_code == 400


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("/api/v1/startups/", lambda n: StartupFactory.create_batch(n, topics=[TopicFactory()])),
        ("/api/v1/hubs/", lambda n: [with_m2m(HubFactory(), "focus_topics", TopicFactory()) for _ in range(n)]),
        ("/api/v1/events/", lambda n: [with_m2m(AgendaItemFactory(), "speakers", SpeakerFactory()) for _ in range(n)]),
        ("/api/v1/news/", lambda n: HubUpdateFactory.create_batch(n)),
        ("/api/v1/calls/", lambda n: CallFactory.create_batch(n)),
        ("/api/v1/networks/", lambda n: [with_m2m(HubNetworkFactory(), "members", HubFactory()) for _ in range(n)]),
        ("/api/v1/topics/", lambda n: TopicFactory.create_batch(n)),
    ],
)
def test_query_count_does_not_grow_with_the_rows(url, make, api, investor, django_assert_num_queries):
    make(1)
    for client in (api, token_client(investor.user)):
        client.get(url)  # warms the per-process caches (filter choices, viewer)
        with CaptureQueriesContext(connection) as one:
            assert len(client.get(url).json()["results"]) >= 1
        queries = len(one)  # now: the list is read lazily from a log that the next request empties
        make(24)
        client.get(url)
        with django_assert_num_queries(queries):
            assert len(client.get(url + "?limit=100").json()["results"]) >= 25
        make(0)


def test_the_language_comes_from_lang_or_accept_language(api):
    TopicFactory(slug="iot", name_de="Internet der Dinge", name_en="Internet of Things")

    def name(**kwargs):
        url = kwargs.pop("url", "/api/v1/topics/iot/")
        response = api.get(url, **kwargs)
        return response.json()["name"], response["Content-Language"], response.json()["url"]

    assert name() == ("Internet der Dinge", "de", "http://testserver/de/hubs/topics/iot/")
    assert name(HTTP_ACCEPT_LANGUAGE="en") == ("Internet of Things", "en", "http://testserver/en/hubs/topics/iot/")
    assert name(url="/api/v1/topics/iot/?lang=en", HTTP_ACCEPT_LANGUAGE="de")[0] == "Internet of Things"
    assert api.get("/api/v1/topics/iot/?lang=fr").status_code == 400


def test_events_carry_agenda_and_registration_state(api):
    full = EventFactory(slug="voll", capacity=1, waitlist_enabled=True)
    RegistrationFactory(event=full)
    with_m2m(AgendaItemFactory(event=full, title="Keynote"), "speakers", SpeakerFactory(name="Ada"))
    EventFactory(slug="offen", capacity=10)
    EventFactory(slug="geheim", visibility="invite")
    EventFactory(slug="entwurf", status="draft")

    rows = {row["slug"]: row for row in walk(api, "/api/v1/events/")}

    assert set(rows) == {"voll", "offen"}
    assert rows["voll"]["registration"] == {"state": "open", "capacity": 1, "seats_left": 0, "waitlist_open": True}
    assert rows["offen"]["registration"]["seats_left"] == 10 and not rows["offen"]["registration"]["waitlist_open"]
    assert rows["voll"]["agenda"][0]["title"] == "Keynote"
    assert rows["voll"]["agenda"][0]["speakers"] == [{"name": "Ada", "organisation": "Testorganisation"}]
    assert "online_url" not in rows["voll"]


def test_event_filters_are_the_event_lists(api):
    topic = TopicFactory(slug="ki")
    EventFactory(slug="mit", topics=[topic])
    EventFactory(slug="ohne")

    assert [row["slug"] for row in walk(api, "/api/v1/events/?topic=ki")] == ["mit"]


def test_hub_filters_are_the_hub_lists(api):
    HubFactory(slug="nord", states=["HH"])
    HubFactory(slug="sued", states=["BY"])

    assert [row["slug"] for row in walk(api, "/api/v1/hubs/?state=BY")] == ["sued"]


def test_news_lists_only_published_items(api):
    HubUpdateFactory(slug="sichtbar")
    HubUpdateFactory(slug="entwurf", is_published=False)
    HubUpdateFactory(slug="spaeter", published_at=timezone.now() + datetime.timedelta(days=1))

    assert [row["slug"] for row in walk(api, "/api/v1/news/")] == ["sichtbar"]


def test_call_results_name_only_consenting_finalists_once_announced(api):
    past = timezone.now() - datetime.timedelta(days=1)
    call = CallFactory(
        slug="fertig",
        opens_at=past - datetime.timedelta(days=60),
        deadline=past - datetime.timedelta(days=30),
        finalists_at=past - datetime.timedelta(days=10),
        second_phase_deadline=None,
        result_at=past,
    )
    ApplicationFactory(call=call, organisation_name="Gewinnerin GmbH", stage="winner", publish_consent=True)
    ApplicationFactory(call=call, organisation_name="Finalist AG", stage="finalist", publish_consent=True)
    ApplicationFactory(call=call, organisation_name="Scheu GmbH", stage="finalist", publish_consent=False)
    CallFactory(slug="laufend")
    CallFactory(slug="versteckt", is_published=False)

    results = api.get("/api/v1/calls/fertig/results/").json()
    calls = {row["slug"]: row for row in walk(api, "/api/v1/calls/")}

    assert results["winners"] == [{"name": "Gewinnerin GmbH"}] and results["finalists"] == [{"name": "Finalist AG"}]
    assert api.get("/api/v1/calls/laufend/results/").status_code == 404
    assert {"fertig", "laufend"} <= set(calls) and "versteckt" not in calls
    assert calls["laufend"]["state"] == "open" and calls["laufend"]["results_url"] is None
    assert calls["fertig"]["results_url"].endswith("/api/v1/calls/fertig/results/")
    assert "laufend" in [row["slug"] for row in walk(api, "/api/v1/calls/?state=open")]
    assert "fertig" in [row["slug"] for row in walk(api, "/api/v1/calls/?state=closed")]
