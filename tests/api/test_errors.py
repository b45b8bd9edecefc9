"""Errors are JSON problem details, bad filter values are 400s (never 5xx), CORS is anonymous GET only."""

import pytest
from django.test import Client

from events.filtersets import EventFilterSet
from hubs.filtersets import HubFilterSet
from startups.filtersets import StartupFilterSet
from tests.factories import CallFactory, EventFactory, HubUpdateFactory, StartupFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

NASTY = [
    "",
    " ",
    "x",
    "-1",
    "0",
    "1.5",
    "1e999",
    "NaN",
    "Infinity",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "2026-13-45",
    "9999-12-31",
    "true",
    "'; DROP TABLE startups_startup; --",
    "%",
    "\\",
    "a\x00b",
    "😀" * 50,
    "x" * 5000,
    "<script>",
]
LISTS = {
    "/api/v1/startups/": list(StartupFilterSet.base_filters) + ["cursor", "limit", "lang"],
    "/api/v1/hubs/": list(HubFilterSet.base_filters) + ["cursor", "limit", "lang"],
    "/api/v1/events/": list(EventFilterSet.base_filters) + ["cursor", "limit", "lang"],
    "/api/v1/news/": ["hub", "cursor", "limit", "lang"],
    "/api/v1/calls/": ["state", "hub", "cursor", "limit", "lang"],
}


@pytest.fixture
def some_of_everything(db):
    StartupFactory()
    EventFactory()
    HubUpdateFactory()
    CallFactory()


@pytest.mark.parametrize("url", list(LISTS))
def test_every_filter_parameter_with_hostile_values_answers_without_a_server_error(url, some_of_everything, api):
    for name in LISTS[url]:
        for value in NASTY:
            response = api.get(url, {name: value})
            assert response.status_code in (200, 400), (name, value, response.status_code)
            kind = "application/json" if response.status_code == 200 else "application/problem+json"
            assert response["Content-Type"] == kind, (name, value)
        repeated = api.get(url, {name: ["a", "b", "c"]})
        assert repeated.status_code in (200, 400), name


def test_a_bad_filter_value_names_the_parameter(api):
    response = api.get("/api/v1/startups/", {"stage": "unicorn", "team_min": "viele"})

    assert response.status_code == 400
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Bad Request"
    assert set(problem["errors"]) == {"stage", "team_min"}


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("get", "/api/v1/startups/unknown/", 404),
        ("get", "/api/v1/nothing-here/", 404),
        ("get", "/api/elsewhere", 404),
        ("post", "/api/v1/startups/", 405),
        ("delete", "/api/v1/hubs/", 405),
    ],
)
def test_errors_are_problem_details_never_html(api, method, url, status):
    response = getattr(api, method)(url)

    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status


def test_any_origin_may_read_anonymously_without_credentials(api):
    response = api.get("/api/v1/hubs/", HTTP_ORIGIN="https://partner.example")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    preflight = api.options(
        "/api/v1/hubs/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "authorization" not in preflight["Access-Control-Allow-Headers"]


def test_pages_outside_the_api_send_no_cors_headers(api):
    response = api.get("/de/hubs/", HTTP_ORIGIN="https://partner.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "url", ["/api/v1/hubs/", "/api/v1/startups/", "/api/v1/schema/", "/api/v1/docs/", "/sitemap.xml", "/robots.txt"]
)
def test_anonymous_reads_set_no_cookie(api, url, some_of_everything):
    response = api.get(url)

    assert response.status_code == 200
    assert not response.cookies


def test_token_reads_set_no_cookie(investor):
    assert not token_client(investor.user).get("/api/v1/startups/").cookies


def test_anonymous_requests_are_limited_per_address(settings):
    settings.API_RATES = {"ip": "3/min", "token": "100/min"}
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")

    statuses = [first.get("/api/v1/topics/").status_code for _ in range(4)]
    limited = first.get("/api/v1/topics/")

    assert statuses == [200, 200, 200, 429]
    assert int(limited["Retry-After"]) > 0
    assert limited["Content-Type"] == "application/problem+json"
    assert second.get("/api/v1/topics/").status_code == 200


def test_token_requests_are_limited_per_token_from_any_address(settings, investor, unverified_investor):
    settings.API_RATES = {"ip": "1/min", "token": "2/min"}
    client = token_client(investor.user)

    statuses = [client.get("/api/v1/topics/", REMOTE_ADDR=f"10.0.1.{n}").status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert int(client.get("/api/v1/topics/")["Retry-After"]) > 0
    assert token_client(unverified_investor.user).get("/api/v1/topics/").status_code == 200


def test_a_database_outage_is_a_503_to_retry_and_a_bug_a_json_500(api, monkeypatch):
    from django.db import OperationalError

    from api.views.resources import TopicViewSet

    def unreachable(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(TopicViewSet, "get_queryset", unreachable)
    response = api.get("/api/v1/topics/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert response["Content-Type"] == "application/problem+json"

    def bug(self):
        raise ZeroDivisionError

    monkeypatch.setattr(TopicViewSet, "get_queryset", bug)
    response = api.get("/api/v1/topics/")
    assert response.status_code == 500 and response.json()["status"] == 500
    assert "ZeroDivisionError" not in response.content.decode()
