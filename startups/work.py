"""The startups app's part of "My work" on the admin index: the moderation and verification queues."""

from django.urls import reverse
from django.utils.translation import gettext as _

from hubportal.admin.site import WorkItem

from .models import InvestorProfile, Startup


def work_items(request) -> list[WorkItem]:
    """Profiles waiting for moderation and investors waiting for verification, for staff who may decide them."""
    user, items = request.user, []
    if user.has_perm("startups.change_startup"):
        items.append(
            WorkItem(
                _("startup profiles waiting for moderation"),
                Startup.objects.filter(status=Startup.Status.SUBMITTED).count(),
                reverse("admin:startups_startup_changelist") + "?status=submitted",
            )
        )
    if user.has_perm("startups.change_investorprofile"):
        items.append(
            WorkItem(
                _("investors waiting for verification"),
                InvestorProfile.objects.filter(is_verified=False).count(),
                reverse("admin:startups_investorprofile_changelist") + "?is_verified__exact=0",
            )
        )
    return items
