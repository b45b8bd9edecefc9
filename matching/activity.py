"""The matching app's entries in the activity log (hubportal.activity): what happened to an introduction."""

from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

REQUESTED = "matching.intro_requested"
ACCEPTED = "matching.intro_accepted"
DECLINED = "matching.intro_declined"
WITHDRAWN = "matching.intro_withdrawn"
EXPIRED = "matching.intro_expired"
CLOSED = "matching.intro_closed"

# The status an answer or a step sets, and its code in the log.
BY_STATUS = {
    "accepted": ACCEPTED,
    "declined": DECLINED,
    "withdrawn": WITHDRAWN,
    "expired": EXPIRED,
    "closed": CLOSED,
}


def describe_reason(data: dict, names) -> str:
    return data.get("reason") or ""


def register() -> None:
    actions.register(REQUESTED, _("Introduction requested"))
    actions.register(ACCEPTED, _("Introduction accepted"))
    actions.register(DECLINED, _("Introduction declined"), describe=describe_reason)
    actions.register(WITHDRAWN, _("Introduction withdrawn"))
    actions.register(EXPIRED, _("Introduction expired"))
    actions.register(CLOSED, _("Introduction closed by staff"), describe=describe_reason)
