"""The calls app's part of "My work" on the admin index: submitted applications to check."""

from django.urls import reverse
from django.utils.translation import gettext as _

from hubportal.admin.site import WorkItem

from .models import Application


def work_items(request) -> list[WorkItem]:
    """Submitted applications to the calls the user runs, waiting for the eligibility check."""
    if not request.user.has_perm("calls.change_application"):
        return []
    count = Application.objects.for_staff(request.user).filter(stage=Application.Stage.SUBMITTED).count()
    url = reverse("admin:calls_application_changelist") + "?stage__exact=submitted"
    return [WorkItem(_("applications to review"), count, url)]
