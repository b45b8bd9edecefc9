"""The agency's part of "My work" on the admin index: the advice requests of the signed-in advisor, and the
hub reports their hubs still owe."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from hubportal.admin.site import WorkItem
from hubs.models import Hub

from .models import AdviceRequest, HubReport
from .models.hubnews import previous_quarter


def advice_items(request) -> list[WorkItem]:
    """Open requests assigned to the user, those of them overdue, and (for who may assign) the unassigned ones."""
    user = request.user
    if not user.has_perm("agency.change_advicerequest"):
        return []
    counts = AdviceRequest.objects.open().aggregate(
        mine=Count("id", filter=Q(advisor=user)),
        overdue=Count("id", filter=Q(advisor=user, pk__in=AdviceRequest.objects.overdue().values("pk"))),
        unassigned=Count("id", filter=Q(advisor__isnull=True)),
    )
    changelist = reverse("admin:agency_advicerequest_changelist")
    return [
        WorkItem(_("advice requests assigned to me"), counts["mine"], f"{changelist}?mine=open"),
        WorkItem(
            _("overdue advice requests assigned to me"),
            counts["overdue"],
            f"{changelist}?mine=open&overdue=yes",
            urgent=True,
        ),
        WorkItem(_("advice requests not assigned yet"), counts["unassigned"], f"{changelist}?mine=unassigned"),
    ]


def report_items(request) -> list[WorkItem]:
    """The user's hubs that have not filed last quarter's report (hub managers only)."""
    user = request.user
    if not user.has_perm("agency.add_hubreport"):
        return []
    year, quarter = previous_quarter()
    filed = HubReport.objects.filter(year=year, quarter=quarter).values("hub")
    missing = Hub.objects.managed_by(user).exclude(pk__in=filed).count()
    if not missing:
        return []
    label = _("hub reports for %(year)s Q%(quarter)s to file") % {"year": year, "quarter": quarter}
    return [WorkItem(label, missing, reverse("admin:agency_hubreport_file"), urgent=True)]


def work_items(request) -> list[WorkItem]:
    return [*advice_items(request), *report_items(request)]
