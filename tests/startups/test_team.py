from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from hubportal.errors import ServiceError
from startups.models import StartupMembership
from startups.services import invitation_accept, invitation_create, membership_remove, ownership_transfer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_invitation_mail_and_accept_by_invited_address(startup, founder):
    invitation = invitation_create(startup=startup, invited_by=founder, email="Kollegin@Example.org")
    assert mail.outbox[-1].to == ["kollegin@example.org"]
    assert invitation.get_absolute_url() in mail.outbox[-1].body
    colleague = UserFactory(email="kollegin@example.org")
    membership = invitation_accept(token=invitation.token, user=colleague)
    assert membership.role == "member"
    with pytest.raises(ServiceError):  # a link works once
        invitation_accept(token=invitation.token, user=colleague)


def test_only_the_invited_account_can_accept(startup, founder):
    invitation = invitation_create(startup=startup, invited_by=founder, email="a@example.org")
    with pytest.raises(ServiceError):
        invitation_accept(token=invitation.token, user=UserFactory(email="b@example.org"))
    assert not StartupMembership.objects.filter(startup=startup, user__email="b@example.org").exists()


def test_expired_invitation_is_refused(startup, founder):
    invitation = invitation_create(startup=startup, invited_by=founder, email="late@example.org")
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    with pytest.raises(ServiceError):
        invitation_accept(token=invitation.token, user=UserFactory(email="late@example.org"))


def test_members_cannot_invite(startup):
    member = UserFactory()
    StartupMembership.objects.create(startup=startup, user=member)
    with pytest.raises(PermissionDenied):
        invitation_create(startup=startup, invited_by=member, email="x@example.org")


def test_owner_cannot_be_removed(startup, founder):
    with pytest.raises(ServiceError):
        membership_remove(membership=startup.memberships.get(user=founder), by=founder)
    assert startup.memberships.filter(role="owner").count() == 1


def test_owner_removes_member_and_member_cannot_remove_others(startup, founder):
    a, b = UserFactory(), UserFactory()
    ma = StartupMembership.objects.create(startup=startup, user=a)
    mb = StartupMembership.objects.create(startup=startup, user=b)
    with pytest.raises(PermissionDenied):
        membership_remove(membership=mb, by=a)
    membership_remove(membership=mb, by=founder)
    membership_remove(membership=ma, by=a)  # leaving is allowed
    assert list(startup.memberships.values_list("user", flat=True)) == [founder.pk]


def test_hand_over_ownership_keeps_exactly_one_owner(startup, founder):
    colleague = UserFactory()
    membership = StartupMembership.objects.create(startup=startup, user=colleague)
    ownership_transfer(startup=startup, by=founder, to_membership=membership)
    roles = dict(startup.memberships.values_list("user", "role"))
    assert roles == {founder.pk: "member", colleague.pk: "owner"}
    with pytest.raises(PermissionDenied):  # the former owner has no say any more
        ownership_transfer(startup=startup, by=founder, to_membership=startup.memberships.get(user=founder))


def test_database_refuses_a_second_owner(startup):
    with pytest.raises(IntegrityError), transaction.atomic():
        StartupMembership.objects.create(startup=startup, user=UserFactory(), role="owner")


def test_team_page_invite_and_accept_views(client, startup, founder):
    client.force_login(founder)
    url = reverse("startups:startup_team", args=[startup.slug])
    response = client.post(url, {"email": "not-an-email"})
    assert response.status_code == 200 and "not-an-email" in response.content.decode()
    client.post(url, {"email": "neu@example.org"})
    token = startup.invitations.get().token
    newcomer = UserFactory(email="neu@example.org")
    client.force_login(newcomer)
    accept = reverse("startups:invitation_accept", args=[token])
    assert client.get(accept).status_code == 200
    assert client.post(accept).status_code == 302
    assert startup.memberships.filter(user=newcomer, role="member").exists()


def test_wrong_account_sees_explanation_not_membership(client, startup, founder, english):
    invitation = invitation_create(startup=startup, invited_by=founder, email="right@example.org")
    intruder = UserFactory(email="wrong@example.org")
    client.force_login(intruder)
    url = reverse("startups:invitation_accept", args=[invitation.token])
    assert "another email address" in client.get(url).content.decode()
    client.post(url)
    assert not startup.memberships.filter(user=intruder).exists()


def test_ownership_transfer_to_a_member_who_left_meanwhile_is_a_message_not_a_500(
    client, startup, founder, monkeypatch, english
):
    from startups.views import team as team_views

    leaver = StartupMembership.objects.create(startup=startup, user=UserFactory())
    client.force_login(founder)
    assert client.get(reverse("startups:startup_team", args=[startup.slug])).status_code == 200
    real_lookup = team_views.get_object_or_404

    def lookup_then_leave(*args, **kwargs):
        membership = real_lookup(*args, **kwargs)
        StartupMembership.objects.filter(pk=membership.pk).delete()  # the member leaves before the lock
        return membership

    monkeypatch.setattr(team_views, "get_object_or_404", lookup_then_leave)
    url = reverse("startups:ownership_transfer", args=[startup.slug, leaver.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("startups:startup_team", args=[startup.slug])
    assert "Ownership can only go to a member of the team." in [str(m) for m in response.context["messages"]]
    assert startup.memberships.get(role="owner").user == founder


def test_slug_taken_between_check_and_insert_gets_the_next_suffix(founder, monkeypatch):
    from startups.services import startup_create
    from startups.services import startups as startup_services
    from tests.factories import StartupFactory

    real = startup_services.unique_slug
    calls = []

    def racing_unique_slug(model, text, **kwargs):
        slug = real(model, text, **kwargs)
        if not calls:
            StartupFactory(slug=slug)  # another request inserts the same slug right after our check
        calls.append(slug)
        return slug

    monkeypatch.setattr(startup_services, "unique_slug", racing_unique_slug)
    startup = startup_create(user=founder, data={"name": "Wettlauf"})
    assert calls == ["wettlauf", "wettlauf-2"]
    assert startup.slug == "wettlauf-2" and startup.memberships.get().user == founder
