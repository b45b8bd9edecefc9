from ..querysets import can_manage_all_calls
from .application import TRANSITIONS, Answer, Application, Reminder, Review, Score
from .call import Call, Criterion, JuryMember, Phase, Precision, Question

__all__ = [
    "TRANSITIONS",
    "Answer",
    "Application",
    "Call",
    "Criterion",
    "JuryMember",
    "Phase",
    "Precision",
    "Question",
    "Reminder",
    "Review",
    "Score",
    "can_manage_all_calls",
]
