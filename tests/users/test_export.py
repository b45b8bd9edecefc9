"""The self-service data export: everything about the person, nothing about anyone else, no secrets."""

import datetime
import json

from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from agency.models import AdviceReply
from hubportal.activity.services import activity_record
from hubportal.mail.models import OutboundEmail
from hubportal.users.services import account_export
from matching.models import Introduction
from startups import activity
from tests.factories import (
    AdviceRequestFactory,
    BookmarkFactory,
    EventFactory,
    IntroductionFactory,
    RegistrationFactory,
    SavedSearchFactory,
    StartupFactory,
)

from .people import P, Q, neutral_startup


def dump(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)


def test_export_holds_the_persons_data_in_every_section(two_people):
    p, _q = two_people

    data = account_export(user=p.user)

    account = data["account"]
    assert account["email"] == f"{P}@example.org"
    assert account["first_name"] == P.title()
    assert account["language"] == "en"
    assert account["account_type"] == "investor"
    assert account["two_factor_authentication_enabled"] is True
    assert {a["email"] for a in account["email_addresses"]} == {f"{P}@example.org", f"{P}.alt@example.org"}
    assert {(s["name"], s["role"]) for s in data["startups"]} == {
        (f"{P.title()} Solo", "owner"),
        ("Gemeinsam GmbH", "member"),
    }
    assert [i["email"] for i in data["team_invitations"]["sent"]] == [f"friend-of-{P}@example.org"]
    investor = data["investor_profile"]
    assert investor["organisation"] == f"{P.title()} Kapital"
    assert [b["note"] for b in investor["bookmarks"]] == [f"{P} private note"]
    assert data["organisation_profile"]["company_name"] == f"{P.title()} Werke GmbH"
    registrations = {r["email"].lower(): r for r in data["event_registrations"]}
    assert registrations[f"{P}@example.org"]["dietary_needs"] == f"{P} vegan"
    assert registrations[f"{P}.alt@example.org"]["as_guest"] is True
    advice = data["advice_requests"][0]
    assert advice["message"] == f"{P} question"
    assert [r["text"] for r in advice["replies"]] == [f"Dear {P.title()}, here is our answer."]
    messages = {i["message"] for i in data["introductions"]}
    assert messages == {f"{P} would like to meet", "Team asks politely", "Team asked earlier"}
    assert [s["name"] for s in data["saved_searches"]] == [f"{P.title()} search"]
    assert data["saved_searches"][0]["directory"] == "startups"
    assert [m["subject"] for m in data["mails"]] == [f"Hello {P.title()}"]
    history = data["history"]
    assert {(c["action"], str(c["data"])) for c in history["startup_changes"]} == {
        ("startups.updated", "{'fields': ['pitch']}"),
        ("startups.member_joined", f"{{'person': {p.user.pk}}}"),
    }
    assert [e["action"] for e in history["introductions"]] == ["matching.intro_requested"]


def test_export_holds_nothing_of_another_person_and_no_secrets(two_people):
    p, q = two_people

    text = dump(account_export(user=p.user)).lower()

    assert Q not in text  # q's name, address, profiles, notes, registrations, mails …
    for secret in (
        p.totp_secret.lower(),
        f"recoveryseed{P}",
        f"mailtoken{P}",
        f"invitetoken{P}",
        p.user.password.lower(),
        p.past_registration.ticket_code.lower(),
        f"internal note about {P}",
    ):
        assert secret not in text, secret
    # The other person's export has their own data and not this one's.
    other = dump(account_export(user=q.user)).lower()
    assert Q in other
    assert P not in other


def test_contact_details_of_the_other_side_only_where_an_introduction_is_accepted(two_people):
    p, _q = two_people

    rows = {i["message"]: i for i in account_export(user=p.user)["introductions"]}

    # As investor: the startup's contact email, once accepted.
    accepted_as_investor = rows[f"{P} would like to meet"]["other_side"]
    assert accepted_as_investor["contact_email"] == p.third.contact_email
    # As team member: the investor's name and address only for the accepted one.
    assert rows["Team asked earlier"]["other_side"]["contact_email"] == p.accepted_for_team.investor.user.email
    assert "contact_email" not in rows["Team asks politely"]["other_side"]
    assert "contact_name" not in rows["Team asks politely"]["other_side"]
    assert rows["Team asks politely"]["requested_by_you"] is True
    assert "staff_notes" not in dump(rows)


def test_an_unverified_address_does_not_pull_in_someone_elses_guest_registrations(two_people):
    p, _q = two_people
    EmailAddress.objects.create(user=p.user, email="stranger@example.org", verified=False, primary=False)
    RegistrationFactory(user=None, name="Stranger Danger", email="stranger@example.org")
    OutboundEmail.objects.create(
        to=["stranger@example.org"], subject="Stranger's mail", body_text="x", from_email="noreply@hubportal.example"
    )

    text = dump(account_export(user=p.user))

    assert "Stranger Danger" not in text
    assert "Stranger's mail" not in text


def add_more_of_everything(p):
    """A second and third row of each list, so that a per-row query would show in the count."""
    for n in range(2):
        RegistrationFactory(user=p.user, event=EventFactory())
        BookmarkFactory(investor=p.investor, startup=neutral_startup(), note=f"more {n}")
        advice = AdviceRequestFactory(requester=p.user)
        AdviceReply.objects.create(request=advice, text="one")
        AdviceReply.objects.create(request=advice, text="two")
        IntroductionFactory(investor=p.investor, startup=neutral_startup(), status=Introduction.Status.ACCEPTED)
        SavedSearchFactory(user=p.user)
        startup = StartupFactory(owner=p.user)
        activity_record(actor=p.user, action_code=activity.CREATED, target=startup)
        OutboundEmail.objects.create(to=[p.user.email], subject="More", body_text="x", from_email="a@b.example")


def test_export_takes_the_same_number_of_queries_however_much_there_is(two_people):
    p, _q = two_people
    with CaptureQueriesContext(connection) as few:
        account_export(user=p.user)

    add_more_of_everything(p)
    with CaptureQueriesContext(connection) as many:
        data = account_export(user=p.user)

    assert len(data["event_registrations"]) == 4 and len(data["introductions"]) == 5
    assert len(many) == len(few), [q["sql"] for q in many]
    assert len(few) <= 25


def test_download_is_a_json_attachment_that_is_never_cached(client, two_people):
    p, _q = two_people
    client.force_login(p.user)
    with translation.override("en"):
        url = reverse("users:account_export")

    response = client.post(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="hubportal-data-{today}.json"'
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == p.user.email
    assert datetime.datetime.fromisoformat(data["exported_at"])


def test_download_needs_a_login_and_a_post(client, two_people):
    p, _q = two_people
    with translation.override("en"):
        url = reverse("users:account_export")

    anonymous = client.post(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(p.user)
    assert client.get(url).status_code == 405


def test_account_page_offers_the_download_and_the_deletion(client, two_people):
    p, _q = two_people
    client.force_login(p.user)
    with translation.override("en"):
        content = client.get(reverse("users:account")).content.decode()
        assert f'action="{reverse("users:account_export")}"' in content
        assert f'href="{reverse("users:account_delete")}"' in content
    assert "Download my data" in content
