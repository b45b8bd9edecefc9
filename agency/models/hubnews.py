from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hubportal.core.i18n import LocalizedField
from hubportal.images import CleanImageField

from ..querysets import HubReportQuerySet, HubUpdateQuerySet


class HubUpdate(models.Model):
    """A news item a hub posts (bilingual, with an optional image)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="updates", verbose_name=_("hub"))
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    title_de = models.CharField(_("title (German)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_de = models.TextField(_("text (German)"))
    text_en = models.TextField(_("text (English)"))
    image = CleanImageField(_("image"), upload_to="agency/updates/", blank=True)
    image_alt_de = models.CharField(_("image description (German)"), max_length=200, blank=True)
    image_alt_en = models.CharField(_("image description (English)"), max_length=200, blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HubUpdateQuerySet.as_manager()

    title = LocalizedField("title")
    text = LocalizedField("text")
    image_alt = LocalizedField("image_alt")

    class Meta:
        verbose_name = _("hub update")
        verbose_name_plural = _("hub updates")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["is_published", "-published_at"])]
        permissions = [("edit_all_hub_updates", gettext_noop("Can edit the news of every hub"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("agency:hubupdate_detail", kwargs={"slug": self.slug})


def current_quarter(today=None) -> tuple[int, int]:
    """(year, quarter) of `today` (default: the current local date)."""
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


def previous_quarter(today=None) -> tuple[int, int]:
    """The last completed quarter, the one hubs report on now."""
    year, quarter = current_quarter(today)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


class HubReport(models.Model):
    """A hub's key figures for one quarter (one report per hub and quarter)."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.PROTECT, related_name="reports", verbose_name=_("hub"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in range(1, 5)])
    startups_supported = models.PositiveIntegerField(_("startups supported"), default=0)
    events_held = models.PositiveIntegerField(_("events held"), default=0)
    attendees = models.PositiveIntegerField(_("attendees"), default=0)
    investments_raised = models.PositiveBigIntegerField(_("investments raised (EUR)"), default=0)
    jobs_created = models.PositiveIntegerField(_("jobs created"), default=0)
    comments = models.TextField(_("comments"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = HubReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("hub report")
        verbose_name_plural = _("hub reports")
        ordering = ["-year", "-quarter", "hub__name"]
        constraints = [
            models.UniqueConstraint(fields=["hub", "year", "quarter"], name="hubreport_one_per_quarter"),
            models.CheckConstraint(condition=Q(quarter__gte=1, quarter__lte=4), name="hubreport_quarter_range"),
        ]

    def __str__(self):
        return f"{self.hub} {self.year} Q{self.quarter}"


REPORT_DUE_DAYS = 15  # a quarter's report is due this many days after the quarter ends
REMINDER_DAYS = 7  # managers of hubs still missing it are reminded this many days before


def report_deadline(year: int, quarter: int) -> date:
    """The last day to file the report of `year`/`quarter`."""
    following = date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    return following + timedelta(days=REPORT_DUE_DAYS - 1)


class HubReportReminder(models.Model):
    """A reminder mailed to one manager for one hub's report of one quarter: the row makes it go once."""

    hub = models.ForeignKey("hubs.Hub", on_delete=models.CASCADE, related_name="+", verbose_name=_("hub"))
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("hub manager")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("hub report reminder")
        verbose_name_plural = _("hub report reminders")
        constraints = [
            models.UniqueConstraint(fields=["hub", "year", "quarter", "user"], name="hubreportreminder_once"),
        ]

    def __str__(self):
        return f"{self.hub_id} {self.year} Q{self.quarter} → {self.user_id}"
