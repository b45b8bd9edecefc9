"""The calls app's part of "My work" on the admin index: submitted applications to check."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hubportal.admin.site import WorkItem

from .models import Application, Call


def work_items(request) -> list[WorkItem]:
    """Submitted applications waiting for the eligibility check, for staff who run calls and may move them.

    Only who may act on them sees the queue: the permission to change applications *and* at least one call the user
    runs (`Call.objects.for_staff`, which the stage moves check too). Jurors review on their own pages, and staff
    with the permission but no call of theirs (a hub manager whose hubs run none) have nothing to act on."""
    user = request.user
    if not user.has_perm("calls.change_application"):
        return []
    submitted = Q(applications__stage=Application.Stage.SUBMITTED)
    counts = Call.objects.for_staff(user).aggregate(
        calls=Count("pk", distinct=True), submitted=Count("applications", filter=submitted)
    )
    if not counts["calls"]:
        return []
    url = reverse("admin:calls_application_changelist") + "?stage__exact=submitted"
    return [WorkItem(_("applications to check"), counts["submitted"], url)]
