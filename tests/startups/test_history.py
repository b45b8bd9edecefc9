"""The history on a startup's page reads in the viewer's language, from the activity log."""

import re

import pytest
from django.utils import translation

from hubportal.activity.services import activity_record
from startups import activity
from startups.models import StartupMembership
from startups.services import ownership_transfer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(startup, founder):
    """Entries as the services write them: field codes and team changes by the person's id."""
    people = {name: UserFactory(first_name=name, last_name="Muster") for name in ("Anna", "Ben", "Carla", "Max")}

    def log(code, **data):
        activity_record(actor=founder, action_code=code, target=startup, data=data)

    log(activity.CREATED)
    log(activity.UPDATED, fields=["stage", "business_model"])
    log(activity.MEMBER_JOINED, person=people["Anna"].pk, owner=False)
    log(activity.MEMBER_JOINED, person=people["Ben"].pk, owner=True)
    log(activity.MEMBER_REMOVED, person=people["Carla"].pk)
    log(activity.REJECTED, reason="owner: bitte ergänzen")
    membership = StartupMembership.objects.create(startup=startup, user=people["Max"], role="member")
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
    assert "Erstellt" in text
    assert ": Phase, Geschäftsmodell" in text
    assert "Anna Muster ist dem Team beigetreten." in text
    assert "Ben Muster ist dem Team als Inhaber beigetreten." in text
    assert "Carla Muster gehört nicht mehr zum Team." in text
    assert "Max Muster ist jetzt Inhaber." in text
    assert ": owner: bitte ergänzen" in text  # a reason is shown as written, whatever it starts with
    for code in ("stage", "business_model", "startups."):
        assert code not in text


def test_history_in_english_names_fields_and_team_changes_in_english(client, history, founder):
    client.force_login(founder)
    text = history_text(client, history, "en")
    assert "Created" in text and ": Stage, Business model" in text
    assert "Anna Muster joined the team." in text
    assert "Ben Muster joined the team as owner." in text
    assert "Carla Muster is no longer on the team." in text
    assert "Max Muster is now the owner." in text
    for code in ("business_model", "startups."):
        assert code not in text


def test_another_person_does_not_see_the_history(client, history):
    client.force_login(UserFactory())
    with translation.override("en"):
        assert "history-heading" not in client.get(history.get_absolute_url()).content.decode()
