"""Self-service account deletion: the person's data goes, what others need stays without their name."""

import datetime
import html

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation

from agency.models import AdviceNote, AdviceReply, AdviceRequest
from events.models import Registration
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.mail.models import OutboundEmail
from hubportal.users.models import User
from hubportal.users.services import AccountDeletionBlocked, account_delete, account_deletion_plan
from matching.models import Introduction, SavedSearch
from startups.models import InvestorProfile, Startup, StartupMembership
from startups.services import ownership_transfer
from tests.factories import EventFactory, RegistrationFactory, StartupFactory, UserFactory

from .people import PASSWORD, P, Q


def rows_mentioning(needle: str) -> list[tuple[str, int]]:
    """Every row of every table with `needle` (case-insensitive) in a text, email or JSON column."""
    found = []
    for model in apps.get_models():
        fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        query = models.Q()
        for field in fields:
            query |= models.Q(**{f"{field.name}__icontains": needle})
        found += [(model._meta.label, pk) for pk in model._base_manager.filter(query).values_list("pk", flat=True)]
    return found


def snapshot(person) -> dict:
    """What the other person has, to compare before and after."""
    user = person.user
    return {
        "user": User.objects.filter(pk=user.pk).values("email", "first_name", "last_name").first(),
        "addresses": sorted(EmailAddress.objects.filter(user=user).values_list("email", flat=True)),
        "authenticators": Authenticator.objects.filter(user=user).count(),
        "memberships": sorted(StartupMembership.objects.filter(user=user).values_list("startup__name", "role")),
        "investor": InvestorProfile.objects.filter(user=user).values("organisation", "thesis").first(),
        "bookmarks": sorted(InvestorProfile.objects.filter(user=user).values_list("bookmarks__note", flat=True)),
        "registrations": sorted(
            Registration.objects.filter(email__icontains=person.marker).values_list(
                "name", "email", "status", "dietary_needs"
            )
        ),
        "advice": list(AdviceRequest.objects.filter(requester=user).values_list("message", "phone", "status")),
        "replies": AdviceReply.objects.filter(request__requester=user).count(),
        "notes": AdviceNote.objects.filter(request__requester=user).count(),
        "introductions": sorted(Introduction.objects.filter(investor__user=user).values_list("message", "status")),
        "searches": list(SavedSearch.objects.filter(user=user).values_list("name", flat=True)),
        "mails": OutboundEmail.objects.filter(to__icontains=person.marker).count(),
    }


@pytest.fixture
def full_event(two_people):
    """An upcoming event with one seat, taken by P, and a third person on the waitlist."""
    p, _q = two_people
    event = EventFactory(capacity=1)
    seat = RegistrationFactory(event=event, user=p.user)
    waiting = RegistrationFactory(
        event=event, user=UserFactory(), status=Registration.Status.WAITLISTED, waitlist_position=1
    )
    return event, seat, waiting


def test_deletion_removes_the_person_and_leaves_nothing_findable(two_people, full_event):
    p, _q = two_people
    # The search below can find the person everywhere they are stored.
    assert {label for label, _pk in rows_mentioning(P)} >= {
        "users.User",
        "account.EmailAddress",
        "startups.Startup",
        "startups.StartupInvitation",
        "startups.InvestorProfile",
        "startups.Bookmark",
        "agency.OrganisationProfile",
        "agency.AdviceRequest",
        "agency.AdviceReply",
        "agency.AdviceNote",
        "events.Registration",
        "matching.Introduction",
        "matching.SavedSearch",
        "mail.OutboundEmail",
    }

    account_delete(user=p.user)

    assert not User.objects.filter(pk=p.user.pk).exists()
    leftovers = [
        (label, pk)
        for label, pk in rows_mentioning(P)
        if not (label == "mail.OutboundEmail" and OutboundEmail.objects.get(pk=pk).template == "emails/account_deleted")
    ]
    assert leftovers == []
    assert not EmailAddress.objects.filter(email__icontains=P).exists()
    assert not Authenticator.objects.filter(user_id=p.user.pk).exists()
    assert not InvestorProfile.objects.filter(pk=p.investor.pk).exists()


def test_another_persons_data_is_untouched(two_people, full_event):
    p, q = two_people
    before = snapshot(q)

    account_delete(user=p.user)

    after = snapshot(q)
    assert after == before
    assert after["user"]["email"] == f"{Q}@example.org"
    assert after["advice"] and after["replies"] == 1 and after["notes"] == 1
    assert ("Gemeinsam GmbH", "owner") in after["memberships"]


def test_a_startup_with_other_members_survives_and_a_startup_of_ones_own_goes(two_people):
    p, q = two_people

    deleted = account_delete(user=p.user)

    assert deleted == [p.own_startup.name]
    assert not Startup.objects.filter(pk=p.own_startup.pk).exists()
    shared = Startup.objects.get(pk=p.shared.pk)
    assert list(shared.memberships.values_list("user", "role")) == [(q.user.pk, "owner")]
    assert shared.status == Startup.Status.PUBLISHED
    assert shared.contact_email == ""  # it was the deleted member's own address; the owner's is shown instead
    with translation.override("en"):
        [joined] = lines(Activity.objects.of(shared).filter(action="startups.member_joined").select_related("actor"))
    assert (joined.who, joined.text) == ("deleted user", "deleted user joined the team.")
    with translation.override("de"):
        [joined] = lines(Activity.objects.of(shared).filter(action="startups.member_joined").select_related("actor"))
    assert joined.text == "gelöschte Person ist dem Team beigetreten."
    assert not Activity.objects.filter(actor_id=p.user.pk).exists()
    assert not Activity.objects.filter(data__person=p.user.pk).exists()


def test_registration_counts_per_event_stay_and_a_future_seat_goes_to_the_waitlist(two_people, full_event):
    p, _q = two_people
    event, seat, waiting = full_event
    past = p.past_event
    counts = {
        "rows": Registration.objects.filter(event=past).count(),
        "confirmed": Registration.objects.filter(event=past).confirmed().count(),
        "checked_in": Registration.objects.filter(event=past, checked_in_at__isnull=False).count(),
    }
    mail.outbox.clear()

    account_delete(user=p.user)

    assert counts == {
        "rows": Registration.objects.filter(event=past).count(),
        "confirmed": Registration.objects.filter(event=past).confirmed().count(),
        "checked_in": Registration.objects.filter(event=past, checked_in_at__isnull=False).count(),
    }
    kept = Registration.objects.get(pk=p.past_registration.pk)
    assert (kept.user, kept.name, kept.email, kept.company, kept.dietary_needs) == (None, "", "", "", "")
    assert kept.status == Registration.Status.CONFIRMED and kept.checked_in_at is not None
    assert not kept.listed_publicly
    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert seat.status == Registration.Status.CANCELLED and seat.email == ""
    assert waiting.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(event=event).count() == 2
    guest = Registration.objects.get(pk=p.guest_registration.pk)
    assert guest.status == Registration.Status.CANCELLED and guest.name == "" and guest.email == ""
    # The person moving up is told; the deleted person only gets the deletion mail.
    recipients = [m.to for m in mail.outbox]
    assert [waiting.email] in recipients
    assert recipients.count([p.user.email]) == 1


def test_two_anonymised_registrations_for_one_event_do_not_collide(two_people):
    p, q = two_people  # both attended the same past event

    account_delete(user=p.user)
    account_delete(user=q.user)  # now alone on the shared startup's team, which goes with the account

    anonymous = Registration.objects.filter(event=p.past_event, email="")
    assert anonymous.count() == 2
    assert anonymous.confirmed().count() == 2


def test_advice_requests_stay_for_statistics_without_the_person(two_people):
    p, _q = two_people

    account_delete(user=p.user)

    advice = AdviceRequest.objects.get(pk=p.advice.pk)
    assert (advice.requester, advice.message, advice.phone) == (None, "", "")
    assert advice.status == AdviceRequest.Status.CLOSED
    assert advice.outcome == AdviceRequest.Outcome.WITHDRAWN
    assert advice.topic == "funding"
    assert not AdviceReply.objects.filter(request=advice).exists()
    assert not AdviceNote.objects.filter(request=advice).exists()
    assert Activity.objects.of(advice).filter(action="agency.advice_anonymised", actor=None).exists()


def test_pending_introductions_for_the_team_are_withdrawn_and_the_rest_stay_with_the_startup(two_people):
    p, _q = two_people

    account_delete(user=p.user)

    pending = Introduction.objects.get(pk=p.pending_for_team.pk)
    assert pending.status == Introduction.Status.WITHDRAWN and pending.requested_by is None
    accepted = Introduction.objects.get(pk=p.accepted_for_team.pk)
    assert accepted.status == Introduction.Status.ACCEPTED and accepted.requested_by is None
    # The investor's own introductions went with the investor profile.
    assert not Introduction.objects.filter(pk=p.intro.pk).exists()


def test_the_deletion_mail_goes_to_the_address_in_the_persons_language(two_people):
    p, _q = two_people
    german = UserFactory(email="greta@example.org", first_name="Greta", language="de")
    mail.outbox.clear()

    account_delete(user=p.user)
    account_delete(user=german)

    english, deutsch = mail.outbox[-2:]
    assert english.to == [f"{P}@example.org"]
    assert "we have deleted your Hubportal account" in english.body
    assert f"Hello {P.title()}," in english.body
    assert p.own_startup.name in english.body
    assert "/en/privacy/" in english.body
    assert deutsch.to == ["greta@example.org"]
    assert "/de/privacy/" in deutsch.body
    stored = OutboundEmail.objects.get(template="emails/account_deleted", to=["greta@example.org"])
    assert stored.language == "de"


def test_owner_of_a_startup_with_a_team_must_hand_over_first(db):
    founder = UserFactory(email="founder@example.org")
    startup = StartupFactory(owner=founder, name="Team GmbH")
    colleague = UserFactory(email="colleague@example.org")
    membership = StartupMembership.objects.create(startup=startup, user=colleague)

    with pytest.raises(AccountDeletionBlocked) as blocked, translation.override("en"):
        account_delete(user=founder)

    assert "Team GmbH" in blocked.value.message and "Hand over ownership" in blocked.value.message
    assert User.objects.filter(pk=founder.pk).exists()
    assert StartupMembership.objects.filter(user=founder, role="owner").exists()

    ownership_transfer(startup=startup, by=founder, to_membership=membership)
    assert not account_deletion_plan(user=founder).blocked
    account_delete(user=founder)

    assert list(startup.memberships.values_list("user__email", "role")) == [("colleague@example.org", "owner")]


def test_staff_accounts_are_not_deleted_here(staff_user):
    with pytest.raises(AccountDeletionBlocked):
        account_delete(user=staff_user)
    assert User.objects.filter(pk=staff_user.pk).exists()


# --- the pages ------------------------------------------------------------------------------


def en(name):
    with translation.override("en"):
        return reverse(name)


def test_wrong_password_deletes_nothing_and_says_so(client, two_people):
    p, _q = two_people
    client.force_login(p.user)
    counter = int(timezone.now().timestamp()) // 30
    code = format_hotp_value(hotp_value(p.totp_secret, counter))  # a valid code: the password alone is wrong

    response = client.post(en("users:account_delete"), {"password": "wrong-password", "code": code})

    assert response.status_code == 400
    assert "This password is not correct. Your account was not deleted." in response.content.decode()
    assert User.objects.filter(pk=p.user.pk).exists()
    assert Startup.objects.filter(pk=p.own_startup.pk).exists()
    assert Registration.objects.get(pk=p.past_registration.pk).email == p.user.email


def test_delete_page_lists_what_goes_and_needs_the_authenticator_code_with_2fa(client, db):
    person = UserFactory(email="mfa@example.org", language="en")
    secret = generate_totp_secret()
    TOTP.activate(person, secret)
    StartupFactory(owner=person, name="Nur Ich GmbH")
    client.force_login(person)

    page = client.get(en("users:account_delete")).content.decode()
    assert "Nur Ich GmbH" in page
    assert 'name="password"' in page and 'name="code"' in page

    missing = client.post(en("users:account_delete"), {"password": PASSWORD})
    assert missing.status_code == 400
    wrong = client.post(en("users:account_delete"), {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert User.objects.filter(pk=person.pk).exists()

    counter = int(timezone.now().timestamp()) // 30
    code = format_hotp_value(hotp_value(secret, counter))
    response = client.post(en("users:account_delete"), {"password": PASSWORD, "code": code})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()


def test_blocked_owner_sees_the_team_page_instead_of_the_form(client, db):
    founder = UserFactory(language="en")
    startup = StartupFactory(owner=founder, name="Team GmbH", slug="team-gmbh")
    StartupMembership.objects.create(startup=startup, user=UserFactory())
    client.force_login(founder)

    page = client.get(en("users:account_delete")).content.decode()

    assert "Hand over ownership" in page
    assert 'href="/en/startups/team-gmbh/team/"' in page
    assert 'name="password"' not in page


def test_deleting_logs_out_lands_on_a_plain_page_and_the_login_fails(client, two_people):
    p, _q = two_people
    p.user.authenticator_set.all().delete()  # without 2FA: the password is enough
    client.post(en("account_login"), {"login": p.user.email, "password": PASSWORD})
    assert Session.objects.count() == 1

    response = client.post(en("users:account_delete"), {"password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == en("users:account_deleted")
    assert "Your account has been deleted" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert Session.objects.count() == 0
    assert not client.cookies["sessionid"].value
    login = client.post(en("account_login"), {"login": p.user.email, "password": PASSWORD})
    assert login.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_anonymous_visitors_are_sent_to_the_login(client, db):
    response = client.get(en("users:account_delete"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_started_events_keep_the_registration_status(two_people):
    p, _q = two_people
    now = timezone.now()
    running = EventFactory(starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1))
    registration = RegistrationFactory(event=running, user=p.user)

    account_delete(user=p.user)

    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED and registration.email == ""


def test_staff_can_run_the_same_deletion_from_the_admin(admin_client, two_people):
    p, q = two_people
    founder = UserFactory(email="teamlead@example.org")
    StartupMembership.objects.create(startup=StartupFactory(owner=founder), user=UserFactory())
    with translation.override("en"):
        url = reverse("admin:users_user_changelist")

    response = admin_client.post(
        url, {"action": "delete_and_anonymise", "_selected_action": [p.user.pk, founder.pk]}, follow=True
    )

    assert response.status_code == 200
    assert not User.objects.filter(pk=p.user.pk).exists()
    assert rows_mentioning(P) == [
        ("mail.OutboundEmail", OutboundEmail.objects.get(template="emails/account_deleted", to=[p.user.email]).pk)
    ]
    assert User.objects.filter(pk=founder.pk).exists()  # owns a startup with a team: refused, with the reason
    content = response.content.decode()
    assert "1 account deleted." in content
    assert html.escape(f"{founder}: You own") in content  # the refusal names the account and the reason
    assert User.objects.filter(pk=q.user.pk).exists()


def test_a_superusers_account_is_refused_to_staff_who_are_not_superusers(db):
    """The admin's "delete as on request" (account_delete_by_staff) says so before anything else is looked at."""
    from hubportal.users.services import account_delete_by_staff

    superuser = UserFactory(is_superuser=True)
    with pytest.raises(AccountDeletionBlocked) as refused, translation.override("en"):
        account_delete_by_staff(user=superuser, by=UserFactory(is_staff=True))
    assert refused.value.message == "Only a superuser may delete a superuser."
    assert User.objects.filter(pk=superuser.pk).exists()
    with pytest.raises(AccountDeletionBlocked) as refused, translation.override("en"):  # then the staff rule holds
        account_delete_by_staff(user=superuser, by=UserFactory(is_staff=True, is_superuser=True))
    assert "staff status" in refused.value.message
    assert User.objects.filter(pk=superuser.pk).exists()
