"""Reports the hubs submit each quarter: who is missing, and the rows of the CSV export."""

from collections.abc import Iterator
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from hubs.models import Hub

from ..models import HubReport

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
