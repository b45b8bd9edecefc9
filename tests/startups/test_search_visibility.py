"""Search must not reveal words of a description the viewer may not see (both databases)."""

import pytest
from django.urls import reverse

from tests.factories import StartupFactory

pytestmark = pytest.mark.django_db
URL = reverse("startups:startup_list")
EXPORT = reverse("startups:startup_export")


@pytest.fixture
def hidden():
    """A published startup whose description (with a rare word) only verified investors see."""
    return StartupFactory(
        name="Stillwerk",
        pitch="Software für Werkstätten",
        city="Kassel",
        description="Unser Geheimverfahren Quarzflimmern senkt die Kosten.",
        company_visibility="investors",
    )


def found(client, query):
    return [s.name for s in client.get(URL + "?q=" + query).context["startups"]]


def exported(client, query):
    response = client.get(EXPORT + "?q=" + query)
    assert response.status_code == 200
    return [row.split(",")[0] for row in response.getvalue().decode().lstrip("\ufeff").splitlines()[1:]]


def test_anonymous_does_not_find_words_of_a_hidden_description(client, hidden):
    assert found(client, "Quarzflimmern") == []
    assert found(client, "Stillwerk") == ["Stillwerk"]  # name, pitch and city stay searchable
    assert found(client, "Kassel") == ["Stillwerk"]


def test_unverified_investor_does_not_find_words_of_a_hidden_description(client, hidden, unverified_investor):
    client.force_login(unverified_investor.user)
    assert found(client, "Quarzflimmern") == []
    assert found(client, "Werkstätten") == ["Stillwerk"]


def test_verified_investor_finds_words_of_an_investor_only_description(client, hidden, investor):
    client.force_login(investor.user)
    assert found(client, "Quarzflimmern") == ["Stillwerk"]
    assert exported(client, "Quarzflimmern") == ["Stillwerk"]


def test_export_does_not_find_words_of_a_description_shown_after_introduction_only(client, hidden, investor):
    StartupFactory(name="Tiefgang", description="Quarzflimmern im Labor", company_visibility="introduction")
    client.force_login(investor.user)
    assert exported(client, "Quarzflimmern") == ["Stillwerk"]
    assert found(client, "Quarzflimmern") == ["Stillwerk"]


def test_team_and_staff_find_their_hidden_description(client, hidden, staff_user):
    type(hidden).objects.filter(pk=hidden.pk).update(company_visibility="introduction")
    owner = hidden.memberships.get().user
    client.force_login(owner)
    assert found(client, "Quarzflimmern") == ["Stillwerk"]
    client.force_login(staff_user)
    assert found(client, "Quarzflimmern") == ["Stillwerk"]
