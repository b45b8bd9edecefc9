"""Mass assignment: every form a non-staff user can submit, posted with fields it does not have.

Each test posts a valid form plus extra fields (`owner`, `status`, `is_verified`, `user`, `is_staff`,
`published_at`, `id`/`pk` of someone else's row, …) and then compares the database with a snapshot
taken before: only the rows and fields the form is for may change, everybody else's rows stay as
they were.
"""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from agency.models import AdviceRequest, OrganisationProfile
from events.models import Event, Registration
from hubportal.users.models import User
from matching.models import Introduction, SavedSearch
from startups.models import Bookmark, InvestorProfile, Startup, StartupInvitation, StartupMembership
from tests.factories import (
    AdviceRequestFactory,
    BookmarkFactory,
    EventFactory,
    HubFactory,
    IntroductionFactory,
    InvestorProfileFactory,
    OrganisationProfileFactory,
    RegistrationFactory,
    SavedSearchFactory,
    StartupFactory,
    StartupInvitationFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WATCHED = [
    User,
    EmailAddress,
    Startup,
    StartupMembership,
    StartupInvitation,
    InvestorProfile,
    Bookmark,
    Event,
    Registration,
    AdviceRequest,
    OrganisationProfile,
    Introduction,
    SavedSearch,
]
# Bookkeeping a request may touch on any row.
IGNORED = {"updated_at", "last_login", "search_public", "search_company", "search"}  # search: derived vectors
LONG_AGO = "2020-01-01 10:00:00"


def snapshot() -> dict:
    return {
        model._meta.label_lower: {row["id"]: row for row in model.objects.values()}  # every watched model has `id`
        for model in WATCHED
    }


def diff(before: dict, after: dict) -> tuple[set[str], dict[str, list[int]]]:
    """(changed fields as "model#pk.field", and the new rows per model); a deleted row counts as "model#pk.deleted"."""
    changed, new = set(), {}
    for label, rows in after.items():
        old_rows = before[label]
        new[label] = sorted(pk for pk in rows if pk not in old_rows)
        for pk, row in rows.items():
            if pk in old_rows:
                changed |= {f"{label}#{pk}.{name}" for name, value in row.items() if old_rows[pk][name] != value}
        changed |= {f"{label}#{pk}.deleted" for pk in old_rows if pk not in rows}
    return {c for c in changed if c.rsplit(".", 1)[1] not in IGNORED}, {k: v for k, v in new.items() if v}


def fields(obj, *names) -> set[str]:
    return {f"{obj._meta.label_lower}#{obj.pk}.{name}" for name in names}


@pytest.fixture
def w():
    """Founder A (owner) and a member of A's startups, rival B with their own rows, investors, an organisation."""
    now = timezone.now()
    topic = TopicFactory()
    hub, other_hub = HubFactory(), HubFactory()
    founder = UserFactory(account_type="startup", email="founder@example.org")
    member = UserFactory(account_type="startup")
    rival = UserFactory(account_type="startup", email="rival@example.org")
    startup = StartupFactory(owner=founder, slug="alpha", hub=hub, topics=[topic])
    StartupMembership.objects.create(startup=startup, user=member, role="member")
    second = StartupFactory(owner=founder, slug="alpha-zwei", hub=hub, topics=[topic])
    draft = StartupFactory(owner=founder, slug="alpha-entwurf", status="draft", published_at=None, topics=[topic])
    rival_startup = StartupFactory(owner=rival, slug="beta", hub=other_hub, topics=[topic])
    investor = InvestorProfileFactory(user__email="investor@example.org")
    other_investor = InvestorProfileFactory()
    new_investor = InvestorProfileFactory(is_verified=False)
    organisation = OrganisationProfileFactory()
    other_organisation = OrganisationProfileFactory()
    staff = UserFactory(is_staff=True)
    event = EventFactory(hub=hub, capacity=1)
    RegistrationFactory(event=event, user=rival)  # the only seat is taken
    other_event = EventFactory(hub=other_hub)
    rival_registration = RegistrationFactory(event=other_event, user=rival)
    rival_advice = AdviceRequestFactory(requester=rival, startup=rival_startup)
    rival_search = SavedSearchFactory(user=other_investor.user)
    bookmark = BookmarkFactory(investor=investor, startup=startup, note="alt")
    rival_bookmark = BookmarkFactory(investor=other_investor, startup=startup, note="fremd")
    rival_intro = IntroductionFactory(startup=rival_startup, investor=other_investor)
    return type("World", (), locals())


def hijack(w, **overrides) -> dict:
    """Fields no user form has, pointing at somebody else's rows; `overrides` adds or replaces some."""
    data = {
        "owner": w.rival.pk,
        "user": w.rival.pk,
        "requester": w.rival.pk,
        "requested_by": w.rival.pk,
        "invited_by": w.rival.pk,
        "verified_by": w.staff.pk,
        "advisor": w.staff.pk,
        "members": [w.rival.pk],
        "id": w.rival_startup.pk,
        "pk": w.rival_startup.pk,
        "slug": "gekapert",
        "status": "published",
        "is_verified": "on",
        "verified_at": LONG_AGO,
        "published_at": LONG_AGO,
        "submitted_at": LONG_AGO,
        "rejection_reason": "gekapert",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": list(Group.objects.values_list("pk", flat=True)),
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)[:5]),
        "startup": w.rival_startup.pk,
        "investor": w.other_investor.pk,
        "event": w.other_event.pk,
        "hub": w.other_hub.pk,
        "capacity": 1000,
        "role": "owner",
        "token": "gekapert-token",
        "ticket_code": "GEKAPERT",
        "checked_in_at": LONG_AGO,
        "confirmed_at": LONG_AGO,
        "email_confirmed_at": LONG_AGO,
        "waitlist_position": 1,
        "outcome": "resolved",
        "closed_at": LONG_AGO,
        "last_public_reply_at": LONG_AGO,
        "last_sent_at": LONG_AGO,
        "requester_side": "startup",
        "expires_at": "2099-01-01 10:00:00",
        "decided_at": LONG_AGO,
        "accepted_at": LONG_AGO,
        "created_at": LONG_AGO,
    }
    data.update(overrides)
    return data


def post(client, user, url, data):
    """Logs `user` in (None: anonymous), posts, and returns (response, changed fields, new rows)."""
    if user is not None:
        client.force_login(user)
    before = snapshot()
    response = client.post(url, data)
    changed, new = diff(before, snapshot())
    return response, changed, new


def only_new(new: dict, label: str) -> object:
    """The one new row of `label`."""
    model = next(m for m in WATCHED if m._meta.label_lower == label)
    assert len(new.get(label, [])) == 1, new
    return model.objects.get(pk=new[label][0])


STARTUP_FORM = {
    "name": "Gamma Robotik",
    "pitch": "Roboter",
    "stage": "seed",
    "company_visibility": "public",
    "funding_visibility": "investors",
}


def test_startup_create_makes_a_draft_owned_by_the_founder(client, w):
    data = hijack(w, **STARTUP_FORM, hub=w.hub.pk)
    response, changed, new = post(client, w.founder, reverse("startups:startup_create"), data)
    assert response.status_code == 302
    assert changed == set()
    startup = only_new(new, "startups.startup")
    assert (startup.status, startup.slug, startup.published_at, startup.submitted_at) == (
        "draft",
        "gamma-robotik",
        None,
        None,
    )
    assert startup.rejection_reason == "" and startup.hub == w.hub
    membership = only_new(new, "startups.startupmembership")
    assert (membership.startup, membership.user, membership.role) == (startup, w.founder, "owner")
    assert set(new) == {"startups.startup", "startups.startupmembership"}


@pytest.mark.parametrize("editor", ["founder", "member"])
def test_startup_edit_changes_only_the_form_fields_of_the_own_startup(client, w, editor):
    # Only the owner may change the two visibility settings.
    form = {**STARTUP_FORM, "company_visibility": "introduction", "funding_visibility": "introduction"}
    data = hijack(w, **form, hub=w.hub.pk)
    response, changed, new = post(client, getattr(w, editor), reverse("startups:startup_update", args=["alpha"]), data)
    assert response.status_code == 302
    allowed = fields(w.startup, "name", "pitch", "description", "website", "founded_year", "team_size")
    allowed |= fields(w.startup, "seeking_funding", "funding_sought", "current_round", "contact_email")
    allowed |= fields(w.startup, "business_model", "city")
    allowed |= fields(w.startup, "topic_ids")  # derived from the form's topics by startups/signals.py
    if editor == "founder":
        allowed |= fields(w.startup, "company_visibility", "funding_visibility")
    assert changed <= allowed, changed - allowed
    assert fields(w.startup, "name") <= changed  # the form did save
    w.startup.refresh_from_db()
    assert (w.startup.status, w.startup.slug, w.startup.hub) == ("published", "alpha", w.hub)
    assert set(new) == set()


def test_startup_submit_only_submits(client, w):
    response, changed, new = post(
        client, w.founder, reverse("startups:startup_submit", args=["alpha-entwurf"]), hijack(w)
    )
    assert response.status_code == 302
    assert changed == fields(w.draft, "status", "submitted_at")
    w.draft.refresh_from_db()
    assert w.draft.status == "submitted" and w.draft.published_at is None


def test_team_invitation_is_for_the_own_startup_with_a_fresh_token(client, w):
    data = hijack(w, email="neu@example.org")
    response, changed, new = post(client, w.founder, reverse("startups:startup_team", args=["alpha"]), data)
    assert response.status_code == 302
    assert changed == set()
    invitation = only_new(new, "startups.startupinvitation")
    assert (invitation.startup, invitation.invited_by, invitation.accepted_at) == (w.startup, w.founder, None)
    assert invitation.token != "gekapert-token"
    assert invitation.expires_at < timezone.now() + datetime.timedelta(days=15)


def test_accepting_an_invitation_makes_a_member_of_the_inviting_startup(client, w):
    invitation = StartupInvitationFactory(startup=w.startup, email="eingeladen@example.org", invited_by=w.founder)
    invitee = UserFactory(email="eingeladen@example.org")
    url = reverse("startups:invitation_accept", args=[invitation.token])
    response, changed, new = post(client, invitee, url, hijack(w))
    assert response.status_code == 302
    assert changed == fields(invitation, "accepted_at")
    membership = only_new(new, "startups.startupmembership")
    assert (membership.startup, membership.user, membership.role) == (w.startup, invitee, "member")


@pytest.mark.parametrize("who", ["new_investor", "investor"])
def test_investor_profile_cannot_verify_itself_or_touch_another(client, w, who):
    profile = getattr(w, who)
    data = hijack(w, investor_type="vc", organisation=profile.organisation, thesis="Neue These")
    data["id"] = data["pk"] = w.other_investor.pk
    response, changed, new = post(client, profile.user, reverse("startups:investor_profile"), data)
    assert response.status_code == 302
    assert changed <= fields(profile, "thesis", "stages", "ticket_min", "ticket_max", "website")
    assert fields(profile, "thesis") <= changed
    profile.refresh_from_db()
    assert profile.is_verified is (who == "investor") and profile.user_id == getattr(w, who).user_id
    assert set(new) == set()


def test_registration_goes_to_the_waitlist_of_a_full_event_as_the_user(client, w):
    data = hijack(w, status="confirmed", name="Falscher Name", email="rival@example.org", company="Firma")
    url = reverse("events:registration_create", args=[w.event.slug])
    response, changed, new = post(client, w.founder, url, data)
    assert response.status_code == 302
    assert changed == set()  # the event's capacity is untouched
    registration = only_new(new, "events.registration")
    assert (registration.event, registration.user, registration.email) == (w.event, w.founder, w.founder.email)
    assert registration.status == "waitlisted" and registration.ticket_code != "GEKAPERT"
    assert registration.checked_in_at is None and registration.confirmed_at is None
    assert registration.company == "Firma"


def test_guest_registration_waits_for_the_mail_confirmation(client, w):
    data = hijack(w, status="confirmed", name="Gast", email="gast@example.org")
    url = reverse("events:registration_create", args=[w.other_event.slug])
    response, changed, new = post(client, None, url, data)
    assert response.status_code == 200
    assert changed == set()
    registration = only_new(new, "events.registration")
    assert (registration.event, registration.user, registration.status) == (w.other_event, None, "pending")
    assert registration.email_confirmed_at is None and registration.ticket_code != "GEKAPERT"


def test_advice_request_is_new_and_from_the_requester(client, w):
    data = hijack(w, topic="funding", message="Hilfe", contact_way="email", startup=w.startup.pk)
    response, changed, new = post(client, w.founder, reverse("agency:advicerequest_create"), data)
    assert response.status_code == 302
    assert changed == set()
    advice = only_new(new, "agency.advicerequest")
    assert (advice.requester, advice.startup, advice.status, advice.advisor) == (w.founder, w.startup, "new", None)
    assert advice.outcome == "" and advice.closed_at is None and advice.last_public_reply_at is None


def test_advice_request_cannot_name_another_teams_startup(client, w):
    data = hijack(w, topic="funding", message="Hilfe", contact_way="email", startup=w.rival_startup.pk)
    response, changed, new = post(client, w.founder, reverse("agency:advicerequest_create"), data)
    assert response.status_code == 200 and "startup" in response.context["form"].errors
    assert (changed, new) == (set(), {})


def test_organisation_profile_is_the_own_one(client, w):
    data = hijack(w, company_name="Neu AG", size="small", sector="Handel")
    data["id"] = data["pk"] = w.other_organisation.pk
    response, changed, new = post(client, w.organisation.user, reverse("agency:organisationprofile_update"), data)
    assert response.status_code == 302
    assert changed == fields(w.organisation, "company_name", "size", "sector")
    assert set(new) == set()


def test_introduction_request_by_an_investor_is_pending_and_their_own(client, w):
    data = hijack(w, message="Hallo", status="accepted", startup=w.rival_startup.slug)
    url = reverse("matching:introduction_request_startup", args=["alpha"])
    response, changed, new = post(client, w.investor.user, url, data)
    assert response.status_code == 302
    assert changed == set()
    intro = only_new(new, "matching.introduction")
    assert (intro.startup, intro.investor, intro.requested_by) == (w.startup, w.investor, w.investor.user)
    assert (intro.status, intro.requester_side, intro.decided_at) == ("pending", "investor", None)
    assert intro.expires_at < timezone.now() + datetime.timedelta(days=15)


def test_introduction_request_by_a_team_is_for_one_of_its_startups(client, w):
    url = reverse("matching:introduction_request_investor", args=[w.investor.slug])
    refused, changed, new = post(client, w.founder, url, hijack(w, message="Hallo", startup="beta"))
    assert refused.status_code == 200 and "startup" in refused.context["form"].errors
    assert (changed, new) == (set(), {})

    data = hijack(w, message="Hallo", startup="alpha-zwei", status="accepted")
    response, changed, new = post(client, w.founder, url, data)
    assert response.status_code == 302
    assert changed == set()
    intro = only_new(new, "matching.introduction")
    assert (intro.startup, intro.investor, intro.requested_by) == (w.second, w.investor, w.founder)
    assert (intro.status, intro.requester_side) == ("pending", "startup")


@pytest.mark.parametrize(("action", "status"), [("decline", "declined"), ("accept", "accepted")])
def test_answering_an_introduction_sets_only_its_answer(client, w, action, status):
    intro = IntroductionFactory(startup=w.startup, investor=w.investor)
    claimed = "accepted" if action == "decline" else "declined"
    data = hijack(w, status=claimed, reason="Passt nicht")
    data["id"] = data["pk"] = w.rival_intro.pk
    url = reverse(f"matching:introduction_{action}", args=[intro.pk])
    response, changed, new = post(client, w.founder, url, data)
    assert response.status_code == 302
    allowed = fields(intro, "status", "decided_at") | (fields(intro, "reason") if action == "decline" else set())
    assert changed == allowed
    intro.refresh_from_db()
    assert (intro.status, intro.startup, intro.investor) == (status, w.startup, w.investor)


def test_saved_search_belongs_to_the_user(client, w):
    data = hijack(w, name="Robotik", frequency="daily", querystring="q=robotik")
    data["id"] = data["pk"] = w.rival_search.pk
    response, changed, new = post(client, w.investor.user, reverse("matching:savedsearch_create"), data)
    assert response.status_code == 302
    assert changed == set()
    search = only_new(new, "matching.savedsearch")
    assert (search.user, search.name, search.last_sent_at, search.kind) == (
        w.investor.user,
        "Robotik",
        None,
        "startups",
    )


def test_bookmark_note_changes_only_the_own_note(client, w):
    data = hijack(w, note="Neue Notiz")
    data["id"] = data["pk"] = w.rival_bookmark.pk
    response, changed, new = post(client, w.investor.user, reverse("startups:bookmark_update", args=["alpha"]), data)
    assert response.status_code == 302
    assert changed == fields(w.bookmark, "note")
    assert set(new) == set()


def test_bookmark_toggle_bookmarks_for_the_own_profile(client, w):
    response, changed, new = post(
        client, w.investor.user, reverse("startups:bookmark_toggle", args=["alpha-zwei"]), hijack(w)
    )
    assert response.status_code == 302
    assert changed == set()
    bookmark = only_new(new, "startups.bookmark")
    assert (bookmark.investor, bookmark.startup, bookmark.note) == (w.investor, w.second, "")


def test_account_settings_change_only_name_type_and_language(client, w):
    data = hijack(
        w,
        first_name="Neu",
        last_name="Name",
        account_type="investor",
        language="en",
        email="rival@example.org",
        is_active="",
        password="plain",
        date_joined=LONG_AGO,
    )
    data["id"] = data["pk"] = w.rival.pk
    response, changed, new = post(client, w.founder, reverse("users:profile_update"), data)
    assert response.status_code == 302
    assert changed == fields(w.founder, "first_name", "last_name", "account_type", "language")
    w.founder.refresh_from_db()
    assert not (w.founder.is_staff or w.founder.is_superuser) and w.founder.is_active
    assert not w.founder.groups.exists() and not w.founder.user_permissions.exists()
    assert set(new) == set()


def test_signup_cannot_create_staff(client, w):
    data = hijack(
        w,
        account_type="startup",
        first_name="Neu",
        last_name="Person",
        email="neu-person@example.org",
        password1="a-long-enough-secret-42",
        password2="a-long-enough-secret-42",
    )
    response, changed, new = post(client, None, reverse("account_signup"), data)
    assert response.status_code == 302
    assert changed == set()
    user = only_new(new, "users.user")
    assert (user.email, user.is_staff, user.is_superuser) == ("neu-person@example.org", False, False)
    assert not user.groups.exists() and not user.user_permissions.exists()
    address = only_new(new, "account.emailaddress")
    assert (address.user, address.verified) == (user, False)
