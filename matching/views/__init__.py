from .introductions import (
    IntroductionAcceptView,
    IntroductionDeclineView,
    IntroductionListView,
    IntroductionRequestView,
    IntroductionWithdrawView,
)
from .matches import InvestorMatchListView, StartupMatchListView
from .searches import SavedSearchCreateView, SavedSearchDeleteView, SavedSearchListView

__all__ = [
    "InvestorMatchListView",
    "IntroductionAcceptView",
    "IntroductionDeclineView",
    "IntroductionListView",
    "IntroductionRequestView",
    "IntroductionWithdrawView",
    "SavedSearchCreateView",
    "SavedSearchDeleteView",
    "SavedSearchListView",
    "StartupMatchListView",
]
