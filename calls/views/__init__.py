from .applications import (
    ApplicationDetailView,
    ApplicationListView,
    ApplicationStartView,
    ApplicationWithdrawView,
    SecondPhaseSubmitView,
    SecondPhaseView,
    SubmitConfirmView,
    application_file,
)
from .jury import JuryApplicationView, JuryCallListView, JuryCallView, reviewer_file
from .public import CallDetailView, CallListView, CallResultsView, deadlines_ics

__all__ = [
    "ApplicationDetailView",
    "ApplicationListView",
    "ApplicationStartView",
    "ApplicationWithdrawView",
    "CallDetailView",
    "CallListView",
    "CallResultsView",
    "JuryApplicationView",
    "JuryCallListView",
    "JuryCallView",
    "SecondPhaseSubmitView",
    "SecondPhaseView",
    "SubmitConfirmView",
    "application_file",
    "deadlines_ics",
    "reviewer_file",
]
