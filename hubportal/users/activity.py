"""The users app's entries in the activity log (hubportal.activity): personal API tokens created and revoked.

Data holds the token's name and its first characters (as the account page shows them), never the token or its
digest; `by_staff` marks a revocation in the admin. The name is removed from the log with the account.
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

CREATED = "users.api_token_created"
REVOKED = "users.api_token_revoked"
CODES = (CREATED, REVOKED)


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


def register() -> None:
    actions.register(CREATED, _("API token created"), describe=describe_token)
    actions.register(REVOKED, _("API token revoked"), describe=describe_token)
