from .choices import BusinessModel, InvestorType, Stage, Visibility
from .investor import Bookmark, InvestorProfile
from .startup import (
    CONTACT_FIELDS,
    FIELD_GROUPS,
    PUBLIC_FIELDS,
    Startup,
    StartupInvitation,
    StartupMembership,
)

__all__ = [
    "CONTACT_FIELDS",
    "FIELD_GROUPS",
    "PUBLIC_FIELDS",
    "Bookmark",
    "BusinessModel",
    "InvestorProfile",
    "InvestorType",
    "Stage",
    "Startup",
    "StartupInvitation",
    "StartupMembership",
    "Visibility",
]
