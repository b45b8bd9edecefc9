"""The visibility matrix of the startup pages, repeated for the API: never a field the page would hide."""

import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from api.serializers.startups import IDENTITY
from startups.visibility import viewer_for
from tests.factories import StartupFactory, UserFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

URL = "/api/v1/startups/alpha-logistik/"
FUNDING = {"seeking_funding", "funding_sought", "current_round"}
COMPANY = {"description", "website", "founded_year", "team_size"}


def viewers(startup, founder, investor, unverified_investor, other_team_member, staff_user):
    return {
        "anonymous": (AnonymousUser(), Client()),
        "unverified investor": (unverified_investor.user, token_client(unverified_investor.user)),
        "verified investor": (investor.user, token_client(investor.user)),
        "another startup's team": (other_team_member, token_client(other_team_member)),
        "staff": (staff_user, token_client(staff_user)),
        "own team": (founder, token_client(founder)),
    }


EXPECTED = {
    "anonymous": COMPANY,
    "unverified investor": COMPANY,
    "verified investor": COMPANY | FUNDING,
    "another startup's team": COMPANY,
    "staff": COMPANY | FUNDING | {"contact_email"},
    "own team": COMPANY | FUNDING | {"contact_email"},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_api_shows_each_viewer_the_fields_of_the_page(
    who, startup, founder, investor, unverified_investor, other_team_member, staff_user
):
    user, client = viewers(startup, founder, investor, unverified_investor, other_team_member, staff_user)[who]

    response = client.get(URL)

    assert response.status_code == 200
    data = response.json()
    public = {"name", "logo", "pitch", "topics", "hub", "city", "stage", "business_model"}
    assert set(data) == set(IDENTITY) | public | EXPECTED[who]
    assert set(data) - set(IDENTITY) == set(viewer_for(user).visible_fields(startup))
    raw = response.content.decode()
    if "contact_email" not in EXPECTED[who]:
        assert startup.contact_email not in raw
    if "funding_sought" not in EXPECTED[who]:
        assert "500000" not in raw and "current_round" not in raw


@pytest.mark.parametrize("who", ["anonymous", "unverified investor", "verified investor", "another startup's team"])
def test_funding_shows_in_the_api_exactly_when_it_shows_on_the_page(
    who, startup, founder, investor, unverified_investor, other_team_member, staff_user
):
    user, client = viewers(startup, founder, investor, unverified_investor, other_team_member, staff_user)[who]
    page = Client()
    if user.is_authenticated:
        page.force_login(user)

    html = page.get(startup.get_absolute_url()).content.decode()
    data = client.get(URL).json()

    assert ("500.000" in html) == ("funding_sought" in data)
    assert (startup.contact_email in html) == ("contact_email" in data) == False  # noqa: E712


def test_list_applies_the_same_rules_row_by_row(startup, investor):
    StartupFactory(name="Offen", slug="offen", funding_visibility="public", funding_sought=42_000)
    anonymous = {row["slug"]: row for row in Client().get("/api/v1/startups/").json()["results"]}
    verified = {row["slug"]: row for row in token_client(investor.user).get("/api/v1/startups/").json()["results"]}

    assert "funding_sought" not in anonymous["alpha-logistik"] and anonymous["offen"]["funding_sought"] == 42_000
    assert verified["alpha-logistik"]["funding_sought"] == 500_000


def test_filter_on_a_hidden_field_does_not_reveal_it(startup, investor):
    url = "/api/v1/startups/?funding_min=400000"
    assert Client().get(url).json()["results"] == []
    assert [row["slug"] for row in token_client(investor.user).get(url).json()["results"]] == ["alpha-logistik"]


def test_drafts_are_not_in_the_api_even_for_their_team(founder):
    StartupFactory(owner=founder, slug="entwurf", status="draft", published_at=None)
    client = token_client(founder)

    assert client.get("/api/v1/startups/entwurf/").status_code == 404
    assert "entwurf" not in json.dumps(client.get("/api/v1/startups/").json())


def test_a_revoked_or_unknown_token_is_refused_not_read_as_anonymous(investor):
    from hubportal.users.services.api_tokens import api_token_create, api_token_revoke

    row, token = api_token_create(user=investor.user, name="x")
    api_token_revoke(user=investor.user, token_id=row.pk)

    for header in (f"Bearer {token}", "Bearer hp_nonsense", "Bearer"):
        response = Client(HTTP_AUTHORIZATION=header).get(URL)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"


def test_a_token_of_a_deactivated_account_is_refused(investor):
    client = token_client(investor.user)
    investor.user.is_active = False
    investor.user.save()

    assert client.get("/api/v1/hubs/").status_code == 401


def test_staff_without_the_startup_permission_sees_only_public_fields(startup):
    event_manager = UserFactory(is_staff=True)

    data = token_client(event_manager).get(URL).json()

    assert "funding_sought" not in data and "contact_email" not in data
