import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubportal.mail.services import email_send

from ..models import Startup, StartupChange, StartupInvitation, StartupMembership

if TYPE_CHECKING:
    from hubportal.users.models import User

INVITATION_DAYS = getattr(settings, "STARTUPS_INVITATION_DAYS", 14)


def _require_owner(startup: Startup, user: "User") -> None:
    if not StartupMembership.objects.filter(startup=startup, user=user, role=StartupMembership.Role.OWNER).exists():
        raise PermissionDenied


@transaction.atomic
def invitation_create(*, startup: Startup, invited_by: "User", email: str) -> StartupInvitation:
    """An owner invites someone by email; the mail carries a secret accept link valid for two weeks."""
    _require_owner(startup, invited_by)
    email = email.strip().lower()
    if StartupMembership.objects.filter(startup=startup, user__email__iexact=email).exists():
        raise ValidationError(_("This person is already on the team."))
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
        raise ValidationError(_("This invitation is not valid any more."))
    if invitation.expires_at < timezone.now():
        raise ValidationError(_("This invitation has expired. Please ask the team for a new one."))
    if user.email.lower() != invitation.email.lower():
        raise PermissionDenied(_("This invitation was sent to another email address."))
    membership, _created = StartupMembership.objects.get_or_create(
        startup=invitation.startup, user=user, defaults={"role": StartupMembership.Role.MEMBER}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    StartupChange.objects.create(
        startup=invitation.startup, user=user, action=StartupChange.Action.TEAM, note=f"joined: {user.email}"
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: StartupMembership, by: "User") -> None:
    """An owner removes a member (or a member leaves). The owner cannot be removed."""
    membership = StartupMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    if membership.user_id != by.pk:
        _require_owner(membership.startup, by)
    if membership.role == StartupMembership.Role.OWNER:
        raise ValidationError(_("The owner cannot be removed. Hand over ownership first."))
    StartupChange.objects.create(
        startup_id=membership.startup_id,
        user=by,
        action=StartupChange.Action.TEAM,
        note=f"removed: {membership.user.email}",
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
        raise ValidationError(_("Ownership can only go to a member of the team."))
    if current is not None and target.pk == current.pk:
        return current
    if current is not None:
        # Demote first: the database allows one owner per startup at any moment.
        current.role = StartupMembership.Role.MEMBER
        current.save(update_fields=["role"])
    target.role = StartupMembership.Role.OWNER
    target.save(update_fields=["role"])
    StartupChange.objects.create(
        startup=startup, user=by, action=StartupChange.Action.TEAM, note=f"owner: {target.user.email}"
    )
    return target
