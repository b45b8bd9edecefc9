"""The self-service data export (Art. 15 and 20 GDPR): everything the portal holds about one person."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.utils import timezone

from hubportal.mail.models import OutboundEmail

from .. import privacy
from .addresses import mails_to, verified_addresses

if TYPE_CHECKING:
    from hubportal.users.models import User

EXPORT_FORMAT = "hubportal-account-export"
EXPORT_VERSION = 1


def _account(user: "User", addresses: Iterable[EmailAddress], mfa_enabled: bool) -> dict[str, Any]:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "language": user.language,
        "account_type": user.account_type,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary} for address in addresses
        ],
        "two_factor_authentication_enabled": mfa_enabled,
        # Names and dates of the personal API tokens; a token itself is never stored, so it cannot be exported.
        "api_tokens": [
            {
                "name": t.name,
                "starts_with": t.prefix,
                "created_at": t.created_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in user.api_tokens.order_by("created_at")
        ],
    }


def _mails(emails: list[str]) -> list[dict[str, Any]]:
    # Subject, date and delivery state only: bodies hold one-time links (password reset, confirmations).
    rows = mails_to(emails, OutboundEmail.objects.only("to", "subject", "status", "created_at", "sent_at", "template"))
    return [
        {
            "to": [address for address in mail.to if address.lower() in emails],
            "subject": mail.subject,
            "kind": mail.template,
            "status": mail.status,
            "created_at": mail.created_at,
            "sent_at": mail.sent_at,
        }
        for mail in rows
    ]


def account_export(*, user: "User") -> dict[str, Any]:
    """Everything the portal holds about `user`, as JSON-ready data; a fixed number of queries.

    The account and the stored mails come from here, every app's data from its registered privacy part
    (hubportal/users/privacy.py). Never secrets: no password hash, authenticator secrets, recovery codes,
    ticket codes or mail bodies (they carry one-time links), and none of the agency's internal notes.
    """
    addresses = list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
    emails = verified_addresses(addresses)
    mfa_enabled = is_mfa_enabled(user)
    now = timezone.now()
    sections, history = privacy.export_sections(privacy.Person(user=user, emails=emails, now=now))
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": now,
        "site": settings.SITE_URL,
        "account": _account(user, addresses, mfa_enabled),
        **sections,
        "mails": _mails(emails),
        "history": history,
    }
