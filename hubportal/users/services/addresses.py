"""Which addresses count as a person's own when their data is exported or deleted, and staff verifying one."""

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from hubportal.errors import ServiceError

if TYPE_CHECKING:
    from allauth.account.models import EmailAddress

    from hubportal.mail.models import OutboundEmail
    from hubportal.users.models import User


def verified_addresses(addresses: Iterable["EmailAddress"]) -> list[str]:
    """The verified addresses (lower case) among allauth's EmailAddress rows of one user.

    Only these pull in rows stored by address (guest registrations, invitations, mails): an
    unverified address may belong to someone else.
    """
    return sorted({address.email.lower() for address in addresses if address.verified})


def address_q(field: str, emails: list[str]) -> Q:
    """Rows whose `field` is one of `emails`, in any letter case (matches nothing for no address)."""
    if not emails:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__iexact": email}) for email in emails))


def mails_to(emails: list[str], queryset: QuerySet["OutboundEmail"]) -> list["OutboundEmail"]:
    """Stored mails with one of `emails` among their recipients (one query; the JSON list is matched exactly)."""
    if not emails:
        return []
    candidates = queryset.filter(reduce(or_, (Q(to__icontains=email) for email in emails))).order_by("-created_at")
    return [mail for mail in candidates if any(address.lower() in emails for address in mail.to)]


def email_address_mark_verified(*, address: "EmailAddress", by: "User") -> "EmailAddress":
    """Staff confirm an address for its owner (e.g. checked by phone). A verified address pulls in what is stored
    under it (guest registrations, invitations, mails) on export and deletion, so an address that another account
    has verified is refused; the change is in the activity log."""
    from allauth.account.models import EmailAddress

    from hubportal.activity.services import activity_record

    from ..activity import EMAIL_VERIFIED

    with transaction.atomic():
        address = EmailAddress.objects.select_for_update().get(pk=address.pk)
        if address.verified:
            raise ServiceError(_("This address is verified already."), code="already_verified")
        taken = EmailAddress.objects.filter(email__iexact=address.email, verified=True).exclude(pk=address.pk)
        if taken.exists():
            raise ServiceError(_("Another account has verified this address."), code="verified_elsewhere")
        address.verified = True
        address.save(update_fields=["verified"])
        activity_record(actor=by, action_code=EMAIL_VERIFIED, target=address.user, data={})
    return address
