from .advice import AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from .hubnews import HubReport, HubUpdate

__all__ = [
    "AdviceNote",
    "AdviceReply",
    "AdviceRequest",
    "HubReport",
    "HubUpdate",
    "OrganisationProfile",
]
