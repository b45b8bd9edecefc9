"""The history on a startup's page reads in the viewer's language, also for rows stored before."""

import re

import pytest
from django.utils import translation

from startups.models import StartupChange, StartupMembership
from startups.services import ownership_transfer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(startup, founder):
    """Rows as the services and the admin store them: field codes and team notes with addresses."""
    log = startup.changes.create
    log(user=founder, action=StartupChange.Action.CREATED)
    log(
        user=founder,
        action=StartupChange.Action.UPDATED,
        changes={"stage": ["idea", "seed"], "business_model": ["", "b2b"]},
    )
    log(user=founder, action=StartupChange.Action.TEAM, note="joined: anna@example.org")
    log(user=founder, action=StartupChange.Action.TEAM, note="joined: ben@example.org (owner)")
    log(user=founder, action=StartupChange.Action.TEAM, note="removed: carla@example.org")
    log(user=founder, action=StartupChange.Action.REJECTED, note="owner: bitte ergänzen")
    max_ = UserFactory(email="max@example.org")
    membership = StartupMembership.objects.create(startup=startup, user=max_, role=StartupMembership.Role.MEMBER)
    ownership_transfer(startup=startup, by=founder, to_membership=membership)
    return startup


def history_text(client, startup, language) -> str:
    with translation.override(language):
        html = client.get(startup.get_absolute_url()).content.decode()
    section = re.search(r'<section aria-labelledby="history-heading">.*?</section>', html, re.S).group()  # type: ignore[union-attr]  # the test fails without a match
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", section))


def test_history_in_german_names_fields_and_team_changes_in_german(client, history, founder):
    client.force_login(founder)
    text = history_text(client, history, "de")
    assert "Erstellt" in text and "erstellt" not in text
    assert ": Phase, Geschäftsmodell" in text
    assert "anna@example.org ist dem Team beigetreten." in text
    assert "ben@example.org ist dem Team als Inhaber beigetreten." in text
    assert "carla@example.org gehört nicht mehr zum Team." in text
    assert "max@example.org ist jetzt Inhaber." in text
    assert "– owner: bitte ergänzen" in text  # a reason is shown as written, whatever it starts with
    for code in ("stage", "business_model", "joined:", "removed:", "owner: max"):
        assert code not in text


def test_history_in_english_names_fields_and_team_changes_in_english(client, history, founder):
    client.force_login(founder)
    text = history_text(client, history, "en")
    assert "Created" in text and ": Stage, Business model" in text
    assert "anna@example.org joined the team." in text
    assert "ben@example.org joined the team as owner." in text
    assert "carla@example.org is no longer on the team." in text
    assert "max@example.org is now the owner." in text
    for code in ("business_model", "joined:", "removed:", "owner: max"):
        assert code not in text
