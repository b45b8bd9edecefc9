"""The agency's entries in the activity log (hubportal.activity): the history of each advice request.

Data holds codes and ids, never prose: status, outcome and topic codes, hub ids with their names at the time (hub
names are public), and user ids under the keys named in `people` (erased with the account).
"""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

CREATED = "agency.advice_created"
ASSIGNED = "agency.advice_assigned"
UNASSIGNED = "agency.advice_unassigned"
STATUS = "agency.advice_status"
CLOSED = "agency.advice_closed"
NOTE = "agency.advice_note"
REPLY = "agency.advice_reply"
ANSWER = "agency.advice_answer"
CHANGED = "agency.advice_changed"
ANONYMISED = "agency.advice_anonymised"

CODES = [CREATED, ASSIGNED, UNASSIGNED, STATUS, CLOSED, NOTE, REPLY, ANSWER, CHANGED, ANONYMISED]


def _choice(name: str, code) -> str:
    from .models import AdviceRequest

    choices = {"status": AdviceRequest.Status, "outcome": AdviceRequest.Outcome, "topic": AdviceRequest.Topic}[name]
    if code in (None, ""):
        return "–"
    return str(dict(choices.choices).get(code, code))


def describe_assigned(data: dict, names) -> str:
    return names.of(data.get("advisor"))


def describe_unassigned(data: dict, names) -> str:
    return gettext("previously: %(advisor)s") % {"advisor": names.of(data.get("previous"))}


def describe_status(data: dict, names) -> str:
    return f"{_choice('status', data.get('from'))} → {_choice('status', data.get('to'))}"


def describe_closed(data: dict, names) -> str:
    return _choice("outcome", data.get("outcome"))


def describe_changed(data: dict, names) -> str:
    parts = []
    if "topic" in data:
        old, new = data["topic"]
        parts.append(f"{gettext('Topic')}: {_choice('topic', old)} → {_choice('topic', new)}")
    if "preferred_hub" in data:
        old, new = (hub.get("name") if isinstance(hub, dict) else None for hub in data["preferred_hub"])
        parts.append(f"{gettext('Preferred hub')}: {old or '–'} → {new or '–'}")
    return "; ".join(parts)


def register() -> None:
    actions.register(CREATED, _("Request received"))
    actions.register(ASSIGNED, _("Advisor assigned"), describe=describe_assigned, people=("advisor", "previous"))
    actions.register(UNASSIGNED, _("Advisor removed"), describe=describe_unassigned, people=("previous",))
    actions.register(STATUS, _("Status changed"), describe=describe_status)
    actions.register(CLOSED, _("Request closed"), describe=describe_closed)
    actions.register(NOTE, _("Internal note added"))
    actions.register(REPLY, _("Reply sent to the requester"))
    actions.register(ANSWER, _("Requester replied"))
    actions.register(CHANGED, _("Request changed"), describe=describe_changed)
    actions.register(ANONYMISED, _("Requester's account deleted: request anonymised"))
