"""The calls app's entries in the activity log (hubportal.activity): codes, labels and how their data reads."""

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions

SUBMITTED = "calls.application_submitted"
SECOND_PHASE_SUBMITTED = "calls.second_phase_submitted"
WITHDRAWN = "calls.application_withdrawn"
MOVED = "calls.application_moved"
CONFLICT_DECLARED = "calls.conflict_declared"
REVIEW_SUBMITTED = "calls.review_submitted"
SCORES_CHANGED = "calls.scores_changed"
REVIEW_CLOSED = "calls.review_closed"
REVIEW_REOPENED = "calls.review_reopened"
ERASED = "calls.application_anonymised"
CALL_DELETED = "calls.call_deleted"
REVIEW_DELETED = "calls.review_deleted"


def _stage(code: str) -> str:
    from .models import Application

    return str(dict(Application.Stage.choices).get(code, code))


def describe_move(data: dict, names) -> str:
    text = gettext("%(old)s → %(new)s") % {"old": _stage(data.get("from", "")), "new": _stage(data.get("to", ""))}
    if data.get("reason"):
        text += " " + gettext("(reason: %(reason)s)") % {"reason": data["reason"]}
    return text


def describe_conflict(data: dict, names) -> str:
    return gettext("Conflict of interest") if data.get("conflict") else gettext("No conflict of interest")


def describe_scores(data: dict, names) -> str:
    language = (get_language() or "de")[:2]
    parts = []
    for change in data.get("changes", []):
        name = change.get(f"name_{language}") or change.get("name_de") or ""
        parts.append(f"{name}: {change.get('old') or '–'} → {change.get('new') or '–'}")
    return "; ".join(parts)


def describe_review(data: dict, names) -> str:
    return gettext("Weighted score %(score)s") % {"score": data.get("score", "–")}


def describe_deleted_call(data: dict, names) -> str:
    return str(data.get("name", ""))


def describe_deleted_review(data: dict, names) -> str:
    return names.of(data.get("juror"))


def register() -> None:
    actions.register(SUBMITTED, _("Application submitted"))
    actions.register(SECOND_PHASE_SUBMITTED, _("Second phase submitted"))
    actions.register(WITHDRAWN, _("Application withdrawn"))
    actions.register(MOVED, _("Stage changed"), describe=describe_move)
    actions.register(CONFLICT_DECLARED, _("Juror declared"), describe=describe_conflict)
    actions.register(REVIEW_SUBMITTED, _("Review submitted"), describe=describe_review)
    actions.register(SCORES_CHANGED, _("Scores changed by the juror"), describe=describe_scores)
    actions.register(REVIEW_CLOSED, _("Review closed"))
    actions.register(REVIEW_REOPENED, _("Review reopened"))
    actions.register(CALL_DELETED, _("Call deleted"), describe=describe_deleted_call)
    actions.register(
        REVIEW_DELETED, _("Juror's declaration deleted"), describe=describe_deleted_review, people=("juror",)
    )
    actions.register(ERASED, _("Applicant's account deleted: application anonymised"))
