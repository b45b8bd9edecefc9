"""Self-service account deletion (Art. 17 GDPR): the person's data goes, what others need stays anonymised.

What happens to each kind of data (also on the privacy page):
- account, email addresses, authenticators, investor profile (with its bookmarks and introductions),
  organisation profile, saved searches, invitations to the person: deleted;
- a startup the person owns alone (no other team member): deleted with the account; a startup with
  other team members blocks the deletion until ownership is handed over on the team page; a plain
  membership is removed and the startup keeps everything else;
- event registrations (also guest ones under a verified address of the person): kept without name,
  address, company and dietary needs, so that the counts per event stay; a registration for an event
  that has not started is cancelled first (its seat goes to the waitlist);
- introductions the person requested for a startup that stays: pending ones are withdrawn, the rest
  stay with the startup without the person's name;
- advice requests: kept for the agency's statistics (topic, hub, status, dates) without requester,
  question, phone number, replies or internal notes; open ones are closed as withdrawn;
- stored mails to the person's verified addresses: deleted; then one last mail confirms the deletion.
"""

import logging
import re
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agency.models import AdviceEvent, AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from events.models import Registration
from events.services import registration_cancel
from hubportal.mail.models import OutboundEmail
from hubportal.mail.services import email_send
from matching.models import Introduction, IntroductionEvent, SavedSearch
from startups.models import InvestorProfile, Startup, StartupChange, StartupInvitation, StartupMembership

from .. import privacy
from .addresses import address_q, mails_to, verified_addresses

logger = logging.getLogger(__name__)

REDACTED = "[deleted account]"
ANONYMISED_NOTE = "Anonymised: the requester deleted their account."


class AccountDeletionBlocked(Exception):
    """The account cannot be deleted (yet); `message` tells the person why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class DeletionPlan:
    """What deleting an account would do: startups that go with it, and what blocks it."""

    startups_deleted: list[Startup] = field(default_factory=list)
    startups_to_hand_over: list[Startup] = field(default_factory=list)
    is_staff: bool = False

    @property
    def blocked(self) -> bool:
        return self.is_staff or bool(self.startups_to_hand_over)

    def block_message(self) -> str:
        if self.is_staff:
            return _("Staff accounts cannot be deleted here. An agency administrator removes them in the admin.")
        names = ", ".join(startup.name for startup in self.startups_to_hand_over)
        return ngettext(
            "You own %(startups)s, which has other team members. Hand over ownership to one of them on the "
            "team page first, then delete your account.",
            "You own %(startups)s, which have other team members. Hand over ownership to one of them on "
            "each team page first, then delete your account.",
            len(self.startups_to_hand_over),
        ) % {"startups": names}


def account_deletion_plan(*, user) -> DeletionPlan:
    """Which startups go with the account (owned, no one else on the team) and which must be handed over."""
    # Exists(), not a join on memberships: the count must see the whole team, not the filtered row.
    owns = StartupMembership.objects.filter(startup=OuterRef("pk"), user=user, role=StartupMembership.Role.OWNER)
    owned = Startup.objects.filter(Exists(owns)).annotate(member_count=Count("memberships")).order_by("name", "pk")
    plan = DeletionPlan(is_staff=user.is_staff or user.is_superuser)
    for startup in owned:
        (plan.startups_deleted if startup.member_count == 1 else plan.startups_to_hand_over).append(startup)
    return plan


def _redact(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(REDACTED, text)


def _scrub_startup_history(pattern: re.Pattern, emails: list[str]) -> None:
    """Team changes log addresses in their note ("joined: …", "removed: …", "owner: …"), also on startups
    the person left long ago: replace the person's addresses there."""
    if not emails:
        return
    mentions = Q()
    for email in emails:
        mentions |= Q(note__icontains=email) | Q(changes__icontains=email)
    for change in StartupChange.objects.filter(mentions):
        change.note = _redact(change.note, pattern)
        change.changes = {
            name: [_redact(value, pattern) if isinstance(value, str) else value for value in values]
            if isinstance(values, list)
            else values
            for name, values in change.changes.items()
        }
        change.save(update_fields=["note", "changes"])


def _anonymise_registrations(user, emails: list[str], now) -> int:
    mine = Q(user=user) | (Q(user__isnull=True) & address_q("email", emails))
    registrations = list(Registration.objects.filter(mine).select_related("event"))
    for registration in registrations:
        if registration.is_active and not registration.event.has_started:
            # The seat (or waitlist place) goes to the next person; the deleted person gets no mail.
            registration_cancel(registration=registration, notify=False)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        user=None, name="", email="", company="", dietary_needs="", listed_publicly=False, updated_at=now
    )
    return len(registrations)


def _anonymise_advice_requests(user, now) -> None:
    requests = AdviceRequest.objects.filter(requester=user)
    ids = list(requests.values_list("pk", flat=True))
    if not ids:
        return
    AdviceRequest.objects.filter(pk__in=ids).exclude(status=AdviceRequest.Status.CLOSED).update(
        status=AdviceRequest.Status.CLOSED, outcome=AdviceRequest.Outcome.WITHDRAWN, closed_at=now
    )
    AdviceReply.objects.filter(request_id__in=ids).delete()
    AdviceNote.objects.filter(request_id__in=ids).delete()
    AdviceRequest.objects.filter(pk__in=ids).update(requester=None, message="", phone="", updated_at=now)
    AdviceEvent.objects.bulk_create(
        AdviceEvent(request_id=pk, action=AdviceEvent.Action.CHANGED, detail=ANONYMISED_NOTE) for pk in ids
    )


def _withdraw_pending_introductions(user, keep_startup_ids, now) -> None:
    """Pending requests the person made for a startup that stays: withdrawn, so nobody answers a ghost."""
    pending = list(
        Introduction.objects.select_for_update().filter(
            requested_by=user,
            requester_side=Introduction.Side.STARTUP,
            status=Introduction.Status.PENDING,
            startup_id__in=keep_startup_ids,
        )
    )
    for introduction in pending:
        introduction.status = Introduction.Status.WITHDRAWN
        introduction.decided_at = now
        introduction.save(update_fields=["status", "decided_at", "updated_at"])
    IntroductionEvent.objects.bulk_create(
        IntroductionEvent(introduction=introduction, action=IntroductionEvent.Action.WITHDRAWN, actor=None)
        for introduction in pending
    )


@transaction.atomic
def account_delete(*, user) -> list[str]:
    """Deletes `user` and their personal data in one transaction (see the module docstring for what stays).

    Raises AccountDeletionBlocked for staff and for owners of startups with other team members. Mails the
    confirmation, in the person's language, to their address (not to the user row, which is gone by then).
    Returns the names of the startups deleted with the account.
    """
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    plan = account_deletion_plan(user=user)
    if plan.blocked:
        raise AccountDeletionBlocked(plan.block_message())
    now = timezone.now()
    emails = verified_addresses(EmailAddress.objects.filter(user=user))
    recipient, language, first_name = user.email, user.language, user.first_name
    pattern = re.compile("|".join(re.escape(email) for email in emails or [user.email.lower()]), re.IGNORECASE)

    deleted_ids = [startup.pk for startup in plan.startups_deleted]
    deleted_names = [startup.name for startup in plan.startups_deleted]
    logos = [startup.logo for startup in plan.startups_deleted if startup.logo]
    kept_ids = list(
        StartupMembership.objects.filter(user=user)
        .exclude(startup_id__in=deleted_ids)
        .values_list("startup_id", flat=True)
    )

    _withdraw_pending_introductions(user, kept_ids, now)
    # A team member's own address as the startup's contact: the startup falls back to its owner's.
    Startup.objects.filter(address_q("contact_email", emails), pk__in=kept_ids).update(contact_email="")
    StartupInvitation.objects.filter(address_q("email", emails)).delete()
    Startup.objects.filter(pk__in=deleted_ids).delete()
    _scrub_startup_history(pattern, emails)
    StartupMembership.objects.filter(user=user).delete()
    InvestorProfile.objects.filter(user=user).delete()
    OrganisationProfile.objects.filter(user=user).delete()
    SavedSearch.objects.filter(user=user).delete()
    _anonymise_registrations(user, emails, now)
    _anonymise_advice_requests(user, now)
    # The apps that registered with hubportal/users/privacy.py erase their own part.
    person = privacy.Person(user=user, emails=emails, now=now)
    for part in privacy.erasure_order():
        if part.erase:
            part.erase(person)
    stored_mails = mails_to(emails, OutboundEmail.objects.only("to"))
    OutboundEmail.objects.filter(pk__in=[mail.pk for mail in stored_mails]).delete()
    user.delete()

    def remove_logos():
        for logo in logos:
            try:
                logo.storage.delete(logo.name)
            except OSError:
                logger.warning("Could not delete logo %s of a deleted account", logo.name)

    transaction.on_commit(remove_logos)
    email_send(
        to=recipient,
        template_prefix="emails/account_deleted",
        context={"first_name": first_name, "email": recipient, "startups": deleted_names},
        language=language,
    )
    return deleted_names
