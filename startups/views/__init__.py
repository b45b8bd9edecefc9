from .directory import StartupExportView, StartupListView
from .investors import (
    BookmarkListView,
    BookmarkToggleView,
    BookmarkUpdateView,
    InvestorDetailView,
    InvestorListView,
    InvestorProfileView,
)
from .startups import StartupCreateView, StartupDetailView, StartupSubmitView, StartupUpdateView
from .team import InvitationAcceptView, MembershipRemoveView, OwnershipTransferView, StartupTeamView

__all__ = [
    "BookmarkListView",
    "BookmarkToggleView",
    "BookmarkUpdateView",
    "InvestorDetailView",
    "InvestorListView",
    "InvestorProfileView",
    "InvitationAcceptView",
    "MembershipRemoveView",
    "OwnershipTransferView",
    "StartupCreateView",
    "StartupDetailView",
    "StartupExportView",
    "StartupListView",
    "StartupSubmitView",
    "StartupTeamView",
    "StartupUpdateView",
]
