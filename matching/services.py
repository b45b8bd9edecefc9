"""Writes of the introductions: request, answer, withdraw, expire, close. Every mail is best effort."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubportal.mail.services import email_send
from startups.models import InvestorProfile, Startup, StartupMembership

from .models import OPEN_STATUSES, Introduction, IntroductionEvent
from .selectors import startup_contact

if TYPE_CHECKING:
    from hubportal.users.models import User

logger = logging.getLogger(__name__)

Status = Introduction.Status
Action = IntroductionEvent.Action


def _team(startup: Startup) -> list["User"]:
    return [m.user for m in StartupMembership.objects.filter(startup=startup).select_related("user")]


def _side_of(user: "User", introduction: Introduction) -> str | None:
    if introduction.investor.user_id == user.pk:
        return Introduction.Side.INVESTOR
    if StartupMembership.objects.filter(startup_id=introduction.startup_id, user=user).exists():
        return Introduction.Side.STARTUP
    return None


def _notify(users: Iterable["User"], template: str, introduction: Introduction) -> None:
    """Mails each user; a failure is logged and never undoes the change that caused the mail."""
    context = {
        "introduction": introduction,
        "startup": introduction.startup,
        "investor": introduction.investor,
        "startup_contact": startup_contact(introduction.startup),
        "investor_contact": introduction.investor.user.email,
    }
    for user in users:
        try:
            with transaction.atomic():
                email_send(
                    to=user.email,
                    template_prefix=f"emails/matching/{template}",
                    context={**context, "user": user},
                    language=user.language or None,
                )
        except Exception:
            logger.exception("Mail %s for introduction %s to user %s failed", template, introduction.pk, user.pk)


def _log(introduction: Introduction, action: str, actor: "User | None" = None, note: str = "") -> None:
    IntroductionEvent.objects.create(introduction=introduction, action=action, actor=actor, note=note)


@transaction.atomic
def intro_request(*, user: "User", startup: Startup, investor: InvestorProfile, message: str) -> Introduction:
    """Asks for an introduction on behalf of the user's side (the investor, or the startup's team).

    Raises ValidationError for an open request between the pair or when the daily limit is reached.
    """
    if investor.user_id == user.pk:
        side = Introduction.Side.INVESTOR
    elif StartupMembership.objects.filter(startup=startup, user=user).exists():
        side = Introduction.Side.STARTUP
    else:
        raise PermissionDenied
    if not investor.is_verified or not startup.is_published:
        raise ValidationError(_("Introductions are only possible between published startups and verified investors."))
    # Serialises one requester's requests so the daily limit holds under concurrency.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    since = timezone.now() - timedelta(days=1)
    limit = settings.INTRO_DAILY_LIMIT
    if Introduction.objects.filter(requested_by=user, created_at__gte=since).count() >= limit:
        raise ValidationError(
            _("You have reached the limit of %(limit)d introduction requests a day. Please try again tomorrow.")
            % {"limit": limit}
        )
    # A request of the pair past its expiry no longer blocks a new one (the scheduled command may not have run).
    pair = Introduction.objects.filter(startup=startup, investor=investor)
    now = timezone.now()
    for stale in pair.select_for_update().filter(status=Status.PENDING, expires_at__lte=now):
        _expire(stale, now)
    if pair.filter(status__in=OPEN_STATUSES).exists():
        raise ValidationError(
            _("There is already an open introduction between %(startup)s and %(investor)s.")
            % {
                "startup": startup.name,
                "investor": investor.display_name,
            }
        )
    try:
        with transaction.atomic():
            introduction = Introduction.objects.create(
                startup=startup,
                investor=investor,
                requester_side=side,
                requested_by=user,
                message=message.strip(),
                expires_at=timezone.now() + timedelta(days=settings.INTRO_EXPIRY_DAYS),
            )
    except IntegrityError as error:
        raise ValidationError(_("There is already an open introduction between these two.")) from error
    _log(introduction, Action.REQUESTED, user)
    recipients = _team(startup) if side == Introduction.Side.INVESTOR else [investor.user]
    _notify(recipients, "intro_requested", introduction)
    return introduction


def _pending_for_update(introduction: Introduction) -> Introduction:
    locked = (
        Introduction.objects.select_for_update().select_related("investor__user", "startup").get(pk=introduction.pk)
    )
    if locked.is_expired:
        raise ValidationError(_("This request has expired without an answer."))
    if locked.status != Status.PENDING:
        raise ValidationError(_("This request is no longer pending."))
    return locked


def _expire(introduction: Introduction, now: datetime) -> None:
    introduction.status = Status.EXPIRED
    introduction.decided_at = now
    introduction.save(update_fields=["status", "decided_at", "updated_at"])
    _log(introduction, Action.EXPIRED)


def _answer(introduction: Introduction, user: "User", status: str, reason: str = "") -> Introduction:
    introduction = _pending_for_update(introduction)
    side = _side_of(user, introduction)
    if side is None or side == introduction.requester_side:
        raise PermissionDenied
    introduction.status = status
    introduction.reason = reason.strip()
    introduction.decided_at = timezone.now()
    introduction.save(update_fields=["status", "reason", "decided_at", "updated_at"])
    _log(introduction, status, user, introduction.reason)
    return introduction


@transaction.atomic
def intro_accept(*, introduction: Introduction, user: "User") -> Introduction:
    """The other side accepts: both sides see each other's contact details and get a mail."""
    introduction = _answer(introduction, user, Status.ACCEPTED)
    _notify([introduction.investor.user, *_team(introduction.startup)], "intro_accepted", introduction)
    return introduction


@transaction.atomic
def intro_decline(*, introduction: Introduction, user: "User", reason: str = "") -> Introduction:
    """The other side declines, optionally with a reason the requester reads."""
    introduction = _answer(introduction, user, Status.DECLINED, reason)
    requester = introduction.requested_by
    _notify([requester] if requester else [], "intro_declined", introduction)
    return introduction


@transaction.atomic
def intro_withdraw(*, introduction: Introduction, user: "User") -> Introduction:
    """The requesting side takes a pending request back."""
    introduction = _pending_for_update(introduction)
    if _side_of(user, introduction) != introduction.requester_side:
        raise PermissionDenied
    introduction.status = Status.WITHDRAWN
    introduction.decided_at = timezone.now()
    introduction.save(update_fields=["status", "decided_at", "updated_at"])
    _log(introduction, Action.WITHDRAWN, user)
    return introduction


@transaction.atomic
def intro_expire_stale(*, now: datetime | None = None) -> int:
    """Marks pending requests past their expiry as expired; returns how many."""
    now = now or timezone.now()
    stale = list(Introduction.objects.select_for_update().filter(status=Status.PENDING, expires_at__lte=now))
    for introduction in stale:
        _expire(introduction, now)
    return len(stale)


@transaction.atomic
def intro_close(*, introduction: Introduction, staff_user: "User", note: str = "") -> Introduction:
    """Staff mediation: closes a pending or accepted introduction (contact details are hidden again)."""
    if not staff_user.is_staff:
        raise PermissionDenied
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.status not in OPEN_STATUSES:
        raise ValidationError(_("Only pending or accepted introductions can be closed."))
    introduction.status = Status.CLOSED
    introduction.decided_at = timezone.now()
    introduction.save(update_fields=["status", "decided_at", "updated_at"])
    _log(introduction, Action.CLOSED, staff_user, note)
    return introduction
