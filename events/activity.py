"""The events app's entries in the activity log (hubportal.activity): what staff did to events and registrations
in the back office. Data holds field names and counts, never the registrants' details."""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions
from hubportal.activity.actions import describe_fields

EVENT_CHANGED = "events.event_changed"
EVENT_CANCELLED = "events.event_cancelled"
EVENT_DELETED = "events.event_deleted"
AGENDA_CHANGED = "events.agenda_changed"
REGISTRATION_CHANGED = "events.registration_changed"
REGISTRATION_CANCELLED = "events.registration_cancelled_by_staff"
REGISTRATION_PROMOTED = "events.registration_promoted"


def _labels(model_name: str, data: dict) -> dict:
    from django.apps import apps
    from django.core.exceptions import FieldDoesNotExist

    model = apps.get_model("events", model_name)
    labels = []
    for name in data.get("fields") or []:
        try:
            labels.append(str(model._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:  # a field removed since
            labels.append(name)
    return {"fields": labels}


def describe_event_changed(data: dict, names) -> str:
    text = describe_fields(_labels("Event", data), names)
    if data.get("informed"):
        count = data["informed"]
        text += " " + ngettext("(%(count)d registrant mailed)", "(%(count)d registrants mailed)", count) % {
            "count": count
        }
    return text


def describe_cancelled(data: dict, names) -> str:
    count = data.get("mails", 0)
    return ngettext("%(count)d registrant mailed", "%(count)d registrants mailed", count) % {"count": count}


def describe_registration_changed(data: dict, names) -> str:
    return describe_fields(_labels("Registration", data), names)


def describe_agenda(data: dict, names) -> str:
    texts = {
        "added": gettext("Added: %(titles)s"),
        "changed": gettext("Changed: %(titles)s"),
        "removed": gettext("Removed: %(titles)s"),
    }
    return "; ".join(text % {"titles": ", ".join(map(str, data[key]))} for key, text in texts.items() if data.get(key))


def describe_deleted(data: dict, names) -> str:
    return str(data.get("name", ""))


def register() -> None:
    actions.register(EVENT_CHANGED, _("Event changed"), describe=describe_event_changed)
    actions.register(EVENT_CANCELLED, _("Event cancelled"), describe=describe_cancelled)
    actions.register(EVENT_DELETED, _("Event deleted"), describe=describe_deleted)
    actions.register(AGENDA_CHANGED, _("Agenda changed"), describe=describe_agenda)
    actions.register(REGISTRATION_CHANGED, _("Registration changed"), describe=describe_registration_changed)
    actions.register(REGISTRATION_CANCELLED, _("Registration cancelled by staff"))
    actions.register(REGISTRATION_PROMOTED, _("Moved up from the waitlist by staff"))
