"""Reports the hubs submit each quarter: who is missing, and the CSV export."""

import csv
import io

from django.db.models import Exists, OuterRef

from hubportal.exports import csv_safe
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


def hub_report_missing(*, year: int, quarter: int):
    """The active national hubs that have not submitted their report for `year`/`quarter`."""
    submitted = HubReport.objects.filter(hub=OuterRef("pk"), year=year, quarter=quarter)
    return Hub.objects.active().national().filter(~Exists(submitted)).order_by("name")


def hub_reports_csv(*, reports) -> str:
    """All given reports as CSV text (hub first, then the key figures; formulas defused)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [str(Hub._meta.verbose_name)] + [str(HubReport._meta.get_field(f).verbose_name) for f in CSV_FIELDS]
    )
    for report in reports.select_related("hub").order_by("year", "quarter", "hub__name"):
        writer.writerow([csv_safe(report.hub.name)] + [csv_safe(getattr(report, f)) for f in CSV_FIELDS])
    return out.getvalue()
