"""The startups app's entries in the activity log (hubportal.activity): codes, labels and how their data reads.

Data holds codes and user ids only: changed fields by name (with old and new values where they are codes, numbers
or names, never prose or addresses), team changes by the person's id (erased with the account), a moderation reason
as staff wrote it.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

CREATED = "startups.created"
UPDATED = "startups.updated"
SUBMITTED = "startups.submitted"
PUBLISHED = "startups.published"
REJECTED = "startups.rejected"
UNPUBLISHED = "startups.unpublished"
DELETED = "startups.deleted"
MEMBER_JOINED = "startups.member_joined"
MEMBER_REMOVED = "startups.member_removed"
OWNER_CHANGED = "startups.owner_changed"
TEAM_CHANGED = "startups.team_changed"  # rows from before the log whose note named no one we know
INVESTOR_VERIFIED = "startups.investor_verified"
INVESTOR_UNVERIFIED = "startups.investor_unverified"
INVESTOR_DECLINED = "startups.investor_declined"

STARTUP_CODES = (
    CREATED,
    UPDATED,
    SUBMITTED,
    PUBLISHED,
    REJECTED,
    UNPUBLISHED,
    DELETED,
    MEMBER_JOINED,
    MEMBER_REMOVED,
    OWNER_CHANGED,
    TEAM_CHANGED,
)


# The fields whose old and new values an edit keeps: choices, numbers, the hub and topics, the name and city.
VALUE_FIELDS = (
    "name",
    "stage",
    "business_model",
    "hub",
    "topics",
    "city",
    "founded_year",
    "team_size",
    "seeking_funding",
    "funding_sought",
    "company_visibility",
    "funding_visibility",
)


def _field(name: str):
    from .models import Startup

    try:
        return Startup._meta.get_field(name)
    except FieldDoesNotExist:  # a field removed since
        return None


def field_label(name: str) -> str:
    field = _field(name)
    return str(capfirst(field.verbose_name)) if field is not None else name


def value_display(field, value) -> str:
    """A logged value as people read it: choice labels, yes/no, lists joined, long texts shortened."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    return Truncator(str(value)).chars(80)


def describe_update(data: dict, names) -> str:
    fields = data.get("fields") or []
    values = data.get("values") or {}
    if not values:
        return ", ".join(field_label(name) for name in fields)
    parts = []
    for name in sorted(fields):
        if name in values and isinstance(values[name], list) and len(values[name]) == 2:
            old, new = (value_display(_field(name), value) for value in values[name])
            parts.append(f"{field_label(name)}: {old} → {new}")
        else:
            parts.append(field_label(name))
    return "; ".join(parts)


def update_data(fields: list[str], before: dict, after: dict) -> dict:
    """The data of an edit: the changed fields, and old → new of those in VALUE_FIELDS (`before`/`after` hold
    JSON-ready values by field name)."""
    values = {name: [before.get(name), after.get(name)] for name in fields if name in VALUE_FIELDS}
    return {"fields": list(fields), "values": values} if values else {"fields": list(fields)}


def describe_reason(data: dict, names) -> str:
    return data.get("reason") or ""


def describe_joined(data: dict, names) -> str:
    name = names.of(data.get("person"))
    if data.get("owner"):
        return gettext("%(name)s joined the team as owner.") % {"name": name}
    return gettext("%(name)s joined the team.") % {"name": name}


def describe_removed(data: dict, names) -> str:
    return gettext("%(name)s is no longer on the team.") % {"name": names.of(data.get("person"))}


def describe_owner(data: dict, names) -> str:
    return gettext("%(name)s is now the owner.") % {"name": names.of(data.get("person"))}


def describe_deleted(data: dict, names) -> str:
    return str(data.get("name", ""))


def register() -> None:
    actions.register(CREATED, _("Created"))
    actions.register(UPDATED, _("Edited"), describe=describe_update)
    actions.register(SUBMITTED, _("Submitted"))
    actions.register(PUBLISHED, _("Published"))
    actions.register(REJECTED, _("Rejected"), describe=describe_reason)
    actions.register(UNPUBLISHED, _("Unpublished"), describe=describe_reason)
    actions.register(DELETED, _("Deleted"), describe=describe_deleted)
    actions.register(MEMBER_JOINED, _("Team changed"), describe=describe_joined, people=("person",))
    actions.register(MEMBER_REMOVED, _("Team changed"), describe=describe_removed, people=("person",))
    actions.register(OWNER_CHANGED, _("Team changed"), describe=describe_owner, people=("person",))
    actions.register(TEAM_CHANGED, _("Team changed"))
    actions.register(INVESTOR_VERIFIED, _("Investor verified"))
    actions.register(INVESTOR_UNVERIFIED, _("Verification withdrawn"))
    actions.register(INVESTOR_DECLINED, _("Investor declined"), describe=describe_reason)
