from .advice import AdviceEvent, AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from .hubnews import HubReport, HubUpdate

__all__ = [
    "AdviceEvent",
    "AdviceNote",
    "AdviceReply",
    "AdviceRequest",
    "HubReport",
    "HubUpdate",
    "OrganisationProfile",
]
