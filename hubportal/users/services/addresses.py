"""Which addresses count as a person's own when their data is exported or deleted."""

from collections.abc import Iterable
from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

if TYPE_CHECKING:
    from allauth.account.models import EmailAddress

    from hubportal.mail.models import OutboundEmail


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
