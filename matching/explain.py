"""Plain-words explanations of a match, read from the annotations of matching.scoring (no query)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MET, PARTLY, NOT_MET, UNKNOWN = "met", "partly", "not_met", "unknown"
STATUS_LABELS = {
    MET: _("met"),
    PARTLY: _("partly met"),
    NOT_MET: _("not met"),
    UNKNOWN: _("no data"),
}
LABELS = {
    "topics": _("Topics"),
    "stage": _("Stage"),
    "ticket": _("Ticket size"),
    "hub": _("Hub or region"),
    "thesis": _("Investment thesis"),
}
TEXTS = {
    ("stage", MET): _("The stage is one of the investor's preferred stages."),
    ("stage", NOT_MET): _("The stage is not one of the investor's preferred stages."),
    ("stage", UNKNOWN): _("The investor states no preferred stages."),
    ("ticket", MET): _("The funding sought is inside the investor's ticket range."),
    ("ticket", PARTLY): _("The funding sought is close to the edge of the ticket range."),
    ("ticket", NOT_MET): _("The funding sought is outside the ticket range."),
    ("ticket", UNKNOWN): _("The funding sought or the ticket range is not stated."),
    ("hub", MET): _("The startup's home hub is one of the investor's preferred hubs and regions."),
    ("hub", NOT_MET): _("The startup's home hub is not among the investor's preferred hubs and regions."),
    ("hub", UNKNOWN): _("The investor states no preferred hubs or regions."),
    ("thesis", MET): _("The profile text closely matches the investment thesis."),
    ("thesis", PARTLY): _("The profile text shares some words with the investment thesis."),
    ("thesis", NOT_MET): _("The profile text shares no words with the investment thesis."),
    ("thesis", UNKNOWN): _("No thesis text to compare."),
    ("topics", UNKNOWN): _("One side has no topics."),
}


@dataclass
class Reason:
    criterion: str
    label: str
    status: str
    status_label: str
    text: str


def status_of(value) -> str:
    if value is None:
        return UNKNOWN
    if value >= 0.999:
        return MET
    if value > 0:
        return PARTLY
    return NOT_MET


def _topics_text(status: str, shared: int) -> str:
    if status == UNKNOWN:
        return str(TEXTS["topics", UNKNOWN])
    if not shared:
        return str(_("No shared topics."))
    return ngettext("%(count)d shared topic.", "%(count)d shared topics.", shared) % {"count": shared}


def explain(row) -> list[Reason]:
    """The reasons for the score of an annotated row, criterion by criterion, in the active language."""
    reasons = []
    for criterion in LABELS:
        value = getattr(row, f"match_{criterion}")
        status = status_of(value)
        if criterion == "topics":
            text = _topics_text(status, row.match_topics_shared)
        else:
            text = str(TEXTS.get((criterion, status), ""))
        reasons.append(Reason(criterion, str(LABELS[criterion]), status, str(STATUS_LABELS[status]), text))
    return reasons
