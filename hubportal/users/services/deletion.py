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

The account and its mails are deleted here; each app erases its own data in `<app>/privacy.py`, registered
with hubportal/users/privacy.py.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hubportal.errors import ServiceError
from hubportal.mail.models import OutboundEmail
from hubportal.mail.services import email_send

from .. import privacy
from .addresses import mails_to, verified_addresses

if TYPE_CHECKING:
    from hubportal.users.models import User


class AccountDeletionBlocked(ServiceError):
    """The account cannot be deleted (yet); `message` tells the person why and what to do."""

    code = "deletion_blocked"


@dataclass
class DeletionPlan:
    """What deleting an account would do: what goes with it (startups owned alone), and what blocks it."""

    parts: list[privacy.DeletionPart] = field(default_factory=list)
    is_staff: bool = False
    by_staff: bool = False  # asked for in the admin: the refusal of a staff account says what staff does first

    @property
    def blocked(self) -> bool:
        return self.is_staff or any(part.blocked_by for part in self.parts)

    def block_message(self) -> str:
        if self.is_staff and self.by_staff:
            return _("Staff accounts are not deleted. Remove the staff status first, then delete the account.")
        if self.is_staff:
            return _("Staff accounts cannot be deleted here. An agency administrator removes them in the admin.")
        return " ".join(part.blocked_by for part in self.parts if part.blocked_by)

    @property
    def links(self) -> list[privacy.Link]:
        """Pages where the person removes what blocks the deletion (a startup's team page)."""
        return [link for part in self.parts for link in part.links]

    @property
    def deleted_with_account(self) -> list[str]:
        return [name for part in self.parts for name in part.deleted_with_account]


def _person(user: "User") -> privacy.Person:
    emails = verified_addresses(EmailAddress.objects.filter(user=user))
    return privacy.Person(user=user, emails=emails, now=timezone.now())


def _plan(person: privacy.Person) -> DeletionPlan:
    user = person.user
    parts = [part.deletion_plan(person) for part in privacy.parts() if part.deletion_plan]
    return DeletionPlan(parts=parts, is_staff=user.is_staff or user.is_superuser)


def account_deletion_plan(*, user: "User") -> DeletionPlan:
    """What goes with the account (startups owned alone) and what must be done first (hand over a team's startup)."""
    return _plan(_person(user))


@transaction.atomic
def account_delete(*, user: "User", by: "User | None" = None) -> list[str]:
    """Deletes `user` and their personal data in one transaction (see the module docstring for what stays).

    Each app erases its part (hubportal/users/privacy.py); the account and its stored mails go last. Raises
    AccountDeletionBlocked for staff and for owners of startups with other team members, ErasureBusy when a
    part could not lock its rows in time. Mails the confirmation, in the person's language, to their address
    (not to the user row, which is gone by then). Returns the names of what was deleted with the account.

    `by` is who deletes: None when the person deletes their own account, a staff member in the admin (the user
    admin's delete page and its "delete as on request" action call this, never `user.delete()`). A staff account is
    always refused, also in the admin: its message there says to remove the staff status first, so that no
    administrator deletes a colleague's account in passing and the rights are taken away visibly before.
    """
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    person = _person(user)
    plan = _plan(person)
    plan.by_staff = by is not None and by.is_staff
    if plan.blocked:
        raise AccountDeletionBlocked(plan.block_message())
    recipient, language, first_name = user.email, user.language, user.first_name

    for part in privacy.erasure_order():
        if part.erase:
            part.erase(person)
    stored_mails = mails_to(person.emails, OutboundEmail.objects.only("to"))
    OutboundEmail.objects.filter(pk__in=[mail.pk for mail in stored_mails]).delete()
    user.delete()

    email_send(
        to=recipient,
        template_prefix="emails/account_deleted",
        context={"first_name": first_name, "email": recipient, "startups": plan.deleted_with_account},
        language=language,
    )
    return plan.deleted_with_account


def account_delete_by_staff(*, user: "User", by: "User") -> list[str]:
    """The admin's "delete as on request": `account_delete` by a staff member, and a superuser's account only by a
    superuser (taking one over is a way up)."""
    if user.is_superuser and not by.is_superuser:
        raise AccountDeletionBlocked(_("Only a superuser may delete a superuser."))
    return account_delete(user=user, by=by)
