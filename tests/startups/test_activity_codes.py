"""Each action code of startups and matching reads in German and in English, with the people it names; the team's
history on the profile page comes from the activity log."""

import pytest
from django.utils import translation

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person, activity_record
from matching import activity as matching_activity
from startups import activity
from startups.services import membership_add, membership_remove, ownership_transfer
from tests.factories import IntroductionFactory, UserFactory

pytestmark = pytest.mark.django_db

STARTUP_CASES = [
    (activity.CREATED, {}, ("Erstellt", ""), ("Created", "")),
    (
        activity.UPDATED,
        {"fields": ["stage", "business_model"]},
        ("Bearbeitet", "Phase, Geschäftsmodell"),
        ("Edited", "Stage, Business model"),
    ),
    (activity.SUBMITTED, {}, ("Eingereicht", ""), ("Submitted", "")),
    (activity.PUBLISHED, {}, ("Veröffentlicht", ""), ("Published", "")),
    (activity.REJECTED, {"reason": "Bitte ergänzen"}, ("Abgelehnt", "Bitte ergänzen"), ("Rejected", "Bitte ergänzen")),
    (
        activity.UNPUBLISHED,
        {"reason": "Veraltet"},
        ("Nicht mehr veröffentlicht", "Veraltet"),
        ("Unpublished", "Veraltet"),
    ),
    (
        activity.MEMBER_JOINED,
        {"person": "ANNA", "owner": True},
        ("Team geändert", "Anna Alt ist dem Team als Inhaber beigetreten."),
        ("Team changed", "Anna Alt joined the team as owner."),
    ),
    (
        activity.MEMBER_JOINED,
        {"person": "ANNA", "owner": False},
        ("Team geändert", "Anna Alt ist dem Team beigetreten."),
        ("Team changed", "Anna Alt joined the team."),
    ),
    (
        activity.MEMBER_REMOVED,
        {"person": "ANNA"},
        ("Team geändert", "Anna Alt gehört nicht mehr zum Team."),
        ("Team changed", "Anna Alt is no longer on the team."),
    ),
    (
        activity.OWNER_CHANGED,
        {"person": "ANNA"},
        ("Team geändert", "Anna Alt ist jetzt Inhaber."),
        ("Team changed", "Anna Alt is now the owner."),
    ),
    (activity.TEAM_CHANGED, {}, ("Team geändert", ""), ("Team changed", "")),
]
INVESTOR_CASES = [
    (activity.INVESTOR_VERIFIED, {}),
    (activity.INVESTOR_UNVERIFIED, {}),
    (activity.INVESTOR_DECLINED, {"reason": "Keine Website"}),
]
MATCHING_CODES = [
    matching_activity.REQUESTED,
    matching_activity.ACCEPTED,
    matching_activity.DECLINED,
    matching_activity.WITHDRAWN,
    matching_activity.EXPIRED,
    matching_activity.CLOSED,
]


def _read(entry, language):
    with translation.override(language):
        line = lines([Activity.objects.select_related("actor").get(pk=entry.pk)])[0]
    return line.label, line.text


@pytest.mark.parametrize(("code", "data", "german", "english"), STARTUP_CASES)
def test_startup_entries_read_in_german_and_english(startup, code, data, german, english):
    anna = UserFactory(first_name="Anna", last_name="Alt")
    data = {key: anna.pk if value == "ANNA" else value for key, value in data.items()}
    entry = activity_record(actor=anna, action_code=code, target=startup, data=data)
    assert _read(entry, "de") == german
    assert _read(entry, "en") == english


@pytest.mark.parametrize(("code", "data"), INVESTOR_CASES)
def test_investor_entries_have_german_and_english_labels(investor, code, data):
    entry = activity_record(actor=None, action_code=code, target=investor, data=data)
    (german, german_text), (english, english_text) = _read(entry, "de"), _read(entry, "en")
    assert german and english and german != english
    assert german_text == english_text == data.get("reason", "")


@pytest.mark.parametrize("code", MATCHING_CODES)
def test_introduction_entries_have_german_and_english_labels(code):
    entry = activity_record(actor=None, action_code=code, target=IntroductionFactory(), data={"reason": "Zu früh"})
    german, english = _read(entry, "de"), _read(entry, "en")
    assert german[0] != english[0]
    assert german[0].startswith("Vorstellung") or "Kontakt" in german[0]


def test_an_erased_person_reads_deleted_user(startup, founder):
    anna = UserFactory(first_name="Anna", last_name="Alt")
    membership = membership_add(startup=startup, user=anna, by=UserFactory(is_staff=True))
    ownership_transfer(startup=startup, by=founder, to_membership=membership)
    ownership_transfer(startup=startup, by=anna, to_membership=startup.memberships.get(user=founder))
    membership_remove(membership=membership, by=anna)  # anna leaves
    activity_erase_person(user=anna)
    anna_id = anna.pk
    anna.delete()
    with translation.override("en"):
        read = [(line.who, line.text) for line in lines(Activity.objects.of(startup).select_related("actor"))]
    founder_name = founder.get_full_name() or founder.email
    assert read[:3] == [
        ("deleted user", "deleted user is no longer on the team."),
        ("deleted user", f"{founder_name} is now the owner."),
        (founder_name, "deleted user is now the owner."),
    ]
    assert read[3][1] == "deleted user joined the team."
    assert not Activity.objects.filter(data__person=anna_id).exists()


def test_the_team_sees_the_history_on_the_profile_in_its_language(client, startup, founder):
    activity_record(actor=founder, action_code=activity.UPDATED, target=startup, data={"fields": ["stage"]})
    client.force_login(founder)
    with translation.override("de"):
        html = client.get(startup.get_absolute_url()).content.decode()
    assert "Bearbeitet" in html and "Phase" in html
    client.force_login(UserFactory())
    with translation.override("de"):
        assert "Bearbeitet" not in client.get(startup.get_absolute_url()).content.decode()
