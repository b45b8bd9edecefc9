from .advice import AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from .hubnews import HubReport, HubReportReminder, HubUpdate

__all__ = [
    "AdviceNote",
    "AdviceReply",
    "AdviceRequest",
    "HubReport",
    "HubReportReminder",
    "HubUpdate",
    "OrganisationProfile",
]
