from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from startups.models import InvestorProfile, Startup

from .querysets import IntroductionQuerySet

OPEN_STATUSES = ("pending", "accepted")


class Introduction(models.Model):
    """A request by one side (a startup's team or an investor) to be introduced to the other."""

    class Side(models.TextChoices):
        STARTUP = "startup", _("Startup")
        INVESTOR = "investor", _("Investor")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        CLOSED = "closed", _("Closed by staff")

    startup = models.ForeignKey(
        Startup, on_delete=models.CASCADE, related_name="introductions", verbose_name=_("startup")
    )
    investor = models.ForeignKey(
        InvestorProfile, on_delete=models.CASCADE, related_name="introductions", verbose_name=_("investor")
    )
    requester_side = models.CharField(_("requested by"), max_length=10, choices=Side.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="introductions_requested",
        verbose_name=_("requested by (person)"),
    )
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    staff_notes = models.TextField(_("staff notes"), blank=True, help_text=_("Only staff see these notes."))
    expires_at = models.DateTimeField(_("expires"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["startup", "investor"], condition=Q(status__in=OPEN_STATUSES), name="intro_one_open_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "accepted", "declined", "withdrawn", "expired", "closed"]),
                name="intro_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["requested_by", "created_at"], name="intro_daily_limit"),
            models.Index(fields=["status", "expires_at"], name="intro_expiry"),
        ]

    def __str__(self):
        return f"{self.investor} ↔ {self.startup} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("matching:introduction_list")

    @property
    def is_expired(self) -> bool:
        """Past its expiry without an answer, whether or not `expire_introductions` has recorded it yet."""
        return self.status == self.Status.EXPIRED or (
            self.status == self.Status.PENDING and self.expires_at <= timezone.now()
        )

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING and not self.is_expired

    @property
    def current_status(self) -> str:
        """The status as people see it: a pending request past its expiry is expired."""
        return self.Status.EXPIRED if self.is_expired else self.status

    def get_current_status_display(self) -> str:
        return self.Status(self.current_status).label  # type: ignore[return-value]  # lazy translation

    def status_css(self) -> str:
        return {"accepted": "status-ok", "pending": "status-warn", "declined": "status-bad"}.get(
            self.current_status, ""
        )


class SavedSearch(models.Model):
    """A directory filter (its query string) a user keeps under a name, with an optional digest mail."""

    class Kind(models.TextChoices):
        STARTUPS = "startups", _("Startups")
        INVESTORS = "investors", _("Investors")

    class Frequency(models.TextChoices):
        NEVER = "never", _("No mail")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("directory"), max_length=10, choices=Kind.choices, default=Kind.STARTUPS)
    querystring = models.CharField(_("filter"), max_length=1000, blank=True)
    frequency = models.CharField(_("digest mail"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    last_sent_at = models.DateTimeField(_("last digest"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_unique_name"),
            models.CheckConstraint(condition=Q(kind__in=["startups", "investors"]), name="saved_search_kind_valid"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The directory this search belongs to, filtered as saved."""
        name = "startups:investor_list" if self.kind == self.Kind.INVESTORS else "startups:startup_list"
        url = reverse(name)
        return f"{url}?{self.querystring}" if self.querystring else url


class DigestLog(models.Model):
    """One digest mail of a saved search; unique per period so a second run sends nothing."""

    search = models.ForeignKey(
        SavedSearch, on_delete=models.CASCADE, related_name="digests", verbose_name=_("saved search")
    )
    period_start = models.DateTimeField(_("new since"))
    period_end = models.DateTimeField(_("up to"))
    count = models.PositiveIntegerField(_("new matches"), default=0)
    # Who the digest named, so that a startup published again after being unpublished, or an investor whose
    # verification was withdrawn and granted again, is not news to this search.
    startups = models.ManyToManyField(Startup, blank=True, related_name="digests", verbose_name=_("startups listed"))
    investors = models.ManyToManyField(
        InvestorProfile, blank=True, related_name="digests", verbose_name=_("investors listed")
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["search", "period_start"], name="digest_once_per_period")]

    def __str__(self):
        return f"{self.search} ({self.period_start:%Y-%m-%d})"
