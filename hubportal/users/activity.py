"""The users app's entries in the activity log (hubportal.activity): personal API tokens created and revoked, and
e-mail addresses that staff marked verified, and passwords that staff set.

Data holds the token's name and its first characters (as the account page shows them), never the token or its
digest; `by_staff` marks a revocation in the admin. The name is removed from the log with the account.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

CREATED = "users.api_token_created"
REVOKED = "users.api_token_revoked"
CODES = (CREATED, REVOKED)  # the tokens' entries (their history in the data export)
EMAIL_VERIFIED = "users.email_verified_by_staff"
PASSWORD_SET = "users.password_set_by_staff"  # noqa: S105 - an action code, not a password


def token_data(row, **extra) -> dict:
    """The log's data about a token row: what tells it apart for its owner and for staff, nothing secret."""
    return {"name": row.name, "prefix": row.prefix, **extra}


def describe_token(data: dict, names) -> str:
    name = data.get("name")
    prefix = f"{data.get('prefix') or ''}…"
    text = f"“{name}” ({prefix})" if name else prefix
    if data.get("by_staff"):
        return gettext("%(token)s, by staff") % {"token": text}
    return text


def describe_password(data: dict, names) -> str:
    return "" if data.get("usable", True) else gettext("password login disabled")


def register() -> None:
    actions.register(CREATED, _("API token created"), describe=describe_token)
    actions.register(REVOKED, _("API token revoked"), describe=describe_token)
    actions.register(EMAIL_VERIFIED, _("E-mail address marked verified by staff"))
    actions.register(PASSWORD_SET, _("Password set by staff"), describe=describe_password)
