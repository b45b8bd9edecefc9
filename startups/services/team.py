import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError
from hubportal.mail.services import email_send

from .. import activity
from ..models import Startup, StartupInvitation, StartupMembership

if TYPE_CHECKING:
    from hubportal.users.models import User

INVITATION_DAYS = getattr(settings, "STARTUPS_INVITATION_DAYS", 14)


class TeamRefusal(ServiceError):
    """A change of the team that cannot be made (the message says why)."""

    code = "team"


def _require_owner(startup: Startup, user: "User") -> None:
    if not StartupMembership.objects.filter(startup=startup, user=user, role=StartupMembership.Role.OWNER).exists():
        raise PermissionDenied


@transaction.atomic
def invitation_create(*, startup: Startup, invited_by: "User", email: str) -> StartupInvitation:
    """An owner invites someone by email; the mail carries a secret accept link valid for two weeks."""
    _require_owner(startup, invited_by)
    email = email.strip().lower()
    if StartupMembership.objects.filter(startup=startup, user__email__iexact=email).exists():
        raise TeamRefusal(_("This person is already on the team."))
    StartupInvitation.objects.filter(startup=startup, email__iexact=email, accepted_at__isnull=True).delete()
    invitation = StartupInvitation.objects.create(
        startup=startup,
        email=email,
        token=secrets.token_urlsafe(32),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    email_send(
        to=email,
        template_prefix="emails/startups/invitation",
        context={"startup": startup, "inviter": invited_by, "invitation": invitation},
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: "User") -> StartupMembership:
    """The invited person joins the team; only the account with the invited address may accept."""
    invitation = StartupInvitation.objects.select_for_update().select_related("startup").filter(token=token).first()
    if invitation is None or invitation.accepted_at is not None:
        raise TeamRefusal(_("This invitation is not valid any more."))
    if invitation.expires_at < timezone.now():
        raise TeamRefusal(_("This invitation has expired. Please ask the team for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise TeamRefusal(_("This invitation was sent to another email address."), code="wrong_account")
    membership, _created = StartupMembership.objects.get_or_create(
        startup=invitation.startup, user=user, defaults={"role": StartupMembership.Role.MEMBER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    activity_record(actor=user, action_code=activity.MEMBER_JOINED, target=invitation.startup, data={"person": user.pk})
    return membership


@transaction.atomic
def membership_remove(*, membership: StartupMembership, by: "User") -> None:
    """An owner removes a member (or a member leaves). The owner cannot be removed."""
    membership = StartupMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.user_id != by.pk and not by.is_staff:
        _require_owner(membership.startup, by)
    if membership.role == StartupMembership.Role.OWNER:
        raise TeamRefusal(_("The owner cannot be removed. Hand over ownership first."))
    activity_record(
        actor=by, action_code=activity.MEMBER_REMOVED, target=membership.startup, data={"person": membership.user_id}
    )
    membership.delete()


@transaction.atomic
def ownership_transfer(*, startup: Startup, by: "User", to_membership: StartupMembership) -> StartupMembership:
    """The owner (or staff, in the admin) hands ownership to a team member; the old owner stays a member."""
    memberships = {
        m.pk: m for m in StartupMembership.objects.select_for_update().filter(startup=startup).select_related("user")
    }
    current = next((m for m in memberships.values() if m.role == StartupMembership.Role.OWNER), None)
    if not by.is_staff and (current is None or current.user_id != by.pk):
        raise PermissionDenied
    target = memberships.get(to_membership.pk)
    if target is None:
        raise TeamRefusal(_("Ownership can only go to a member of the team."))
    if current is not None and target.pk == current.pk:
        return current
    if current is not None:
        # Demote first: the database allows one owner per startup at any moment.
        current.role = StartupMembership.Role.MEMBER
        current.save(update_fields=["role"])
    target.role = StartupMembership.Role.OWNER
    target.save(update_fields=["role"])
    activity_record(actor=by, action_code=activity.OWNER_CHANGED, target=startup, data={"person": target.user_id})
    return target


@transaction.atomic
def membership_add(
    *, startup: Startup, user: "User", by: "User", role: str = StartupMembership.Role.MEMBER
) -> StartupMembership:
    """Staff put a person on the team in the admin (as owner only while the startup has none)."""
    if not by.is_staff:
        raise PermissionDenied
    if StartupMembership.objects.filter(startup=startup, user=user).exists():
        raise TeamRefusal(_("This person is already on the team."))
    membership = StartupMembership.objects.create(startup=startup, user=user, role=role)
    data = {"person": user.pk, "owner": role == StartupMembership.Role.OWNER}
    activity_record(actor=by, action_code=activity.MEMBER_JOINED, target=startup, data=data)
    return membership
