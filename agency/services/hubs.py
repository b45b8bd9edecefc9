"""Hub news and the reports the hubs submit each quarter: saving and filing them, who is missing, reminders, and
the rows of the CSV export."""

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.errors import ServiceError
from hubportal.mail.services import email_send
from hubs.models import Hub

from ..models import HubReport, HubReportReminder, HubUpdate
from ..models.hubnews import REMINDER_DAYS, previous_quarter, report_deadline

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


REPORT_FIGURES = ["startups_supported", "events_held", "attendees", "investments_raised", "jobs_created", "comments"]


def hub_report_file(*, hub: Hub, year: int, quarter: int, figures: dict[str, Any], user: "User") -> HubReport:
    """Files (or corrects) `hub`'s report for `year`/`quarter`: only the hub's managers and agency staff may."""
    if not Hub.objects.editable_by(user).filter(pk=hub.pk).exists():
        raise ServiceError(_("You may only file the reports of your own hubs."), code="not_your_hub")
    with transaction.atomic():
        report, created = HubReport.objects.select_for_update().get_or_create(
            hub=hub, year=year, quarter=quarter, defaults={**figures, "submitted_by": user}
        )
        if not created:
            for name in REPORT_FIGURES:
                if name in figures:
                    setattr(report, name, figures[name])
            report.submitted_by = user
            report.save()
    return report


def hub_report_reminders_send(*, today: date | None = None) -> int:
    """Mails the managers of hubs that have not filed last quarter's report, from REMINDER_DAYS before its
    deadline up to the deadline; each manager once per hub and quarter (a second run sends nothing)."""
    today = today or timezone.localdate()
    year, quarter = previous_quarter(today)
    deadline = report_deadline(year, quarter)
    if not deadline - timedelta(days=REMINDER_DAYS) <= today <= deadline:
        return 0
    sent = 0
    for hub in hub_report_missing(year=year, quarter=quarter).prefetch_related("managers"):
        for manager in hub.managers.all():
            if not (manager.is_active and manager.email):
                continue
            try:
                with transaction.atomic():
                    HubReportReminder.objects.create(hub=hub, year=year, quarter=quarter, user=manager)
                    email_send(
                        to=manager.email,
                        template_prefix="emails/agency/hub_report_reminder",
                        context={"user": manager, "hub": hub, "year": year, "quarter": quarter, "deadline": deadline},
                    )
            except IntegrityError:
                continue  # reminded before (or by a run at the same time)
            sent += 1
    return sent
