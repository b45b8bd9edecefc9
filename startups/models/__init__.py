from .choices import BusinessModel, InvestorType, Stage, Visibility
from .investor import Bookmark, InvestorProfile
from .startup import (
    CONTACT_FIELDS,
    FIELD_GROUPS,
    PUBLIC_FIELDS,
    Startup,
    StartupChange,
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
    "StartupChange",
    "StartupInvitation",
    "StartupMembership",
    "Visibility",
]
