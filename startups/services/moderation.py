"""Moderation of startup profiles: the team submits, staff publish, reject or unpublish; the team is told by mail."""

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record, activity_target_deleted
from hubportal.errors import ServiceError
from hubportal.mail.services import email_send

from .. import activity
from ..models import Startup, StartupMembership

if TYPE_CHECKING:
    from hubportal.users.models import User


class Incomplete(ServiceError):
    message = _("Please fill in name, pitch, description, home hub and at least one topic before you submit.")
    code = "incomplete"


class WrongStatus(ServiceError):
    code = "wrong_status"


class ReasonRequired(ServiceError):
    message = _("Please give a reason.")
    code = "reason_required"


def _team(startup: Startup) -> list["User"]:
    return [m.user for m in StartupMembership.objects.filter(startup=startup).select_related("user")]


def _mail_team(startup: Startup, template: str, **context: Any) -> None:
    # The template builds the profile link, so it is in the language the mail is rendered in.
    for user in _team(startup):
        email_send(
            to=user.email,
            template_prefix=f"emails/startups/{template}",
            context={"startup": startup, "user": user, **context},
        )


def _locked(startup: Startup) -> Startup:
    return Startup.objects.select_for_update().get(pk=startup.pk)


def _require_complete(startup: Startup) -> None:
    missing = [f for f in ("name", "pitch", "description") if not getattr(startup, f)]
    if missing or startup.hub_id is None or not startup.topics.exists():
        raise Incomplete


def _require_reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ReasonRequired
    return reason


@transaction.atomic
def startup_submit(*, startup: Startup, user: "User") -> Startup:
    """The team asks for review: a draft or rejected profile becomes submitted."""
    startup = _locked(startup)
    if startup.status not in {Startup.Status.DRAFT, Startup.Status.REJECTED}:
        raise WrongStatus(_("Only a draft or a rejected profile can be submitted."))
    _require_complete(startup)
    startup.status = Startup.Status.SUBMITTED
    startup.submitted_at = timezone.now()
    startup.rejection_reason = ""
    startup.save(update_fields=["status", "submitted_at", "rejection_reason", "updated_at"])
    activity_record(actor=user, action_code=activity.SUBMITTED, target=startup)
    return startup


@transaction.atomic
def startup_publish(*, startup: Startup, user: "User") -> Startup:
    """Staff publish a submitted profile that is still complete; the team is told by mail.

    Drafts and rejected profiles are never published directly. An unpublished profile is a draft
    again: its team submits it anew (which checks completeness) before staff can publish it.
    """
    startup = _locked(startup)
    if startup.status != Startup.Status.SUBMITTED:
        raise WrongStatus(_("Only a submitted profile can be published."))
    _require_complete(startup)  # the team may have edited it since submitting
    startup.status = Startup.Status.PUBLISHED
    startup.published_at = startup.published_at or timezone.now()
    startup.rejection_reason = ""
    startup.save(update_fields=["status", "published_at", "rejection_reason", "updated_at"])
    activity_record(actor=user, action_code=activity.PUBLISHED, target=startup)
    _mail_team(startup, "startup_published")
    return startup


@transaction.atomic
def startup_reject(*, startup: Startup, user: "User", reason: str) -> Startup:
    """Staff reject a submitted profile with a reason that is mailed to the team."""
    reason = _require_reason(reason)
    startup = _locked(startup)
    if startup.status != Startup.Status.SUBMITTED:
        raise WrongStatus(_("Only a submitted profile can be rejected."))
    startup.status = Startup.Status.REJECTED
    startup.rejection_reason = reason
    startup.save(update_fields=["status", "rejection_reason", "updated_at"])
    activity_record(actor=user, action_code=activity.REJECTED, target=startup, data={"reason": reason})
    _mail_team(startup, "startup_rejected", reason=reason)
    return startup


@transaction.atomic
def startup_unpublish(*, startup: Startup, user: "User", reason: str) -> Startup:
    """Staff take a published profile out of the listings with a reason; it returns to draft and the team is told
    the reason by mail."""
    reason = _require_reason(reason)
    startup = _locked(startup)
    if startup.status != Startup.Status.PUBLISHED:
        raise WrongStatus(_("Only a published profile can be unpublished."))
    startup.status = Startup.Status.DRAFT
    startup.published_at = None
    startup.save(update_fields=["status", "published_at", "updated_at"])
    activity_record(actor=user, action_code=activity.UNPUBLISHED, target=startup, data={"reason": reason})
    _mail_team(startup, "startup_unpublished", reason=reason)
    return startup


@transaction.atomic
def startup_delete(*, startup: Startup, user: "User") -> None:
    """Staff delete a profile that is not published (a published one is unpublished first, which tells its team).

    Its team memberships, invitations, bookmarks and introductions go with it (their foreign keys cascade); advice
    requests stay, without the startup. The activity log keeps the startup's entries: a "deleted" entry is added and
    every entry about it is marked `target_deleted` with the startup's name at the time (`target_name`), as the log
    keeps the entries of a deleted account and only reads "deleted user" for the person. The log thus still tells
    who published, edited or deleted the profile, and no entry links to the gone object.
    """
    startup = _locked(startup)
    if startup.status == Startup.Status.PUBLISHED:
        raise WrongStatus(_("A published profile cannot be deleted. Unpublish it first; that tells its team."))
    activity_target_deleted(actor=user, action_code=activity.DELETED, target=startup, name=startup.name)
    startup.delete()
