from .advice import AdviceEvent, AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from .hubnews import HubReport, HubReportReminder, HubUpdate

__all__ = [
    "AdviceEvent",
    "AdviceNote",
    "AdviceReply",
    "AdviceRequest",
    "HubReport",
    "HubReportReminder",
    "HubUpdate",
    "OrganisationProfile",
]
