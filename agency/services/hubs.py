"""Hub news and the reports the hubs submit each quarter: saving them, who is missing, the rows of the CSV export."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from hubs.models import Hub

from ..models import HubReport, HubUpdate

if TYPE_CHECKING:
    from hubportal.users.models import User

CSV_FIELDS = [
    "year",
    "quarter",
    "startups_supported",
    "events_held",
    "attendees",
    "investments_raised",
    "jobs_created",
    "comments",
]


def hub_report_missing(*, year: int, quarter: int) -> "QuerySet[Hub]":
    """The active national hubs that have not submitted their report for `year`/`quarter`."""
    submitted = HubReport.objects.filter(hub=OuterRef("pk"), year=year, quarter=quarter)
    return Hub.objects.active().national().filter(~Exists(submitted)).order_by("name")


def hub_report_rows(*, reports: "QuerySet[HubReport]") -> Iterator[list[Any]]:
    """The header, then one row per report: hub first, then the key figures (hubportal.exports writes the CSV)."""
    yield [str(Hub._meta.verbose_name)] + [str(HubReport._meta.get_field(f).verbose_name) for f in CSV_FIELDS]  # type: ignore[union-attr]  # concrete fields
    for report in reports.select_related("hub").order_by("year", "quarter", "hub__name"):
        yield [report.hub.name] + [getattr(report, f) for f in CSV_FIELDS]


@transaction.atomic
def hub_update_save(*, update: HubUpdate, by: "User") -> HubUpdate:
    """Staff or a hub manager post or change a hub's news; the first author stays the author."""
    if update._state.adding and update.author_id is None:
        update.author = by
    update.save()
    return update


@transaction.atomic
def hub_report_save(*, report: HubReport, by: "User") -> HubReport:
    """A hub manager (or agency staff) submits or corrects a quarterly report; who submitted it first stays."""
    if report._state.adding and report.submitted_by_id is None:
        report.submitted_by = by
    report.save()
    return report
