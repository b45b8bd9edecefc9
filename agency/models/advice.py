from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..querysets import AdviceRequestQuerySet
from ..workdays import working_days_before


class OrganisationProfile(models.Model):
    """An established company (SME, corporate, …) behind an "organisation" account."""

    class Size(models.TextChoices):
        MICRO = "micro", _("Fewer than 10 employees")
        SMALL = "small", _("10 to 49 employees")
        MEDIUM = "medium", _("50 to 249 employees")
        LARGE = "large", _("250 employees or more")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_profile", verbose_name=_("user")
    )
    company_name = models.CharField(_("company name"), max_length=150)
    size = models.CharField(_("company size"), max_length=10, choices=Size.choices)
    sector = models.CharField(_("sector"), max_length=120, help_text=_("E.g. mechanical engineering, retail."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation profile")
        verbose_name_plural = _("organisation profiles")
        ordering = ["company_name"]

    def __str__(self):
        return self.company_name

    def get_absolute_url(self):
        return reverse("agency:organisationprofile_update")


class AdviceRequest(models.Model):
    """A startup's or company's request for advice from the agency, triaged by staff in the admin."""

    class Topic(models.TextChoices):
        FUNDING = "funding", _("Funding")
        INVESTORS = "investors", _("Finding investors")
        INTERNATIONAL = "international", _("Internationalisation")
        DIGITAL = "digital", _("Digital transformation")
        HUB = "hub", _("Cooperation with a hub")
        PROGRAMMES = "programmes", _("Legal questions and public funding programmes")
        OTHER = "other", _("Other")

    class ContactWay(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        VIDEO = "video", _("Video call")
        MEETING = "meeting", _("Meeting in person")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        IN_PROGRESS = "in_progress", _("In progress")
        WAITING = "waiting", _("Waiting for requester")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        RESOLVED = "resolved", _("Resolved")
        REFERRED = "referred", _("Referred to a hub or partner")
        NO_RESPONSE = "no_response", _("No response from requester")
        OUT_OF_SCOPE = "out_of_scope", _("Out of scope")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Empty once the requester deleted their account (the request stays, anonymised, for the statistics);
    # PROTECT so that only `account_delete`, which anonymises first, removes a requester.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_requests",
        verbose_name=_("requester"),
    )
    startup = models.ForeignKey(
        "startups.Startup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice_requests",
        verbose_name=_("startup"),
    )
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    message = models.TextField(_("your question"))
    preferred_hub = models.ForeignKey(
        "hubs.Hub",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advice_requests",
        verbose_name=_("preferred hub"),
    )
    contact_way = models.CharField(
        _("preferred way of contact"), max_length=10, choices=ContactWay.choices, default=ContactWay.EMAIL
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("outcome"), max_length=15, choices=Outcome.choices, blank=True)
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_advice_requests",
        limit_choices_to={"is_staff": True},
        verbose_name=_("advisor"),
    )
    last_public_reply_at = models.DateTimeField(_("last reply"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AdviceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("advice request")
        verbose_name_plural = _("advice requests")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "advisor"]),
            models.Index(fields=["-created_at", "-id"], name="advice_recent"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", outcome__gt="") | ~Q(status="closed"),
                name="advice_closed_has_outcome",
            )
        ]

    def __str__(self):
        return f"#{self.pk} {self.get_topic_display()}"

    def get_absolute_url(self):
        return reverse("agency:advicerequest_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    def is_overdue(self, now=None) -> bool:
        """Whether this open request has waited more than the allowed working days for the agency's reply."""
        if not self.is_open or self.status == self.Status.WAITING:
            return False
        cutoff = working_days_before(now or timezone.now(), settings.ADVICE_OVERDUE_WORKING_DAYS)
        return (self.last_public_reply_at or self.created_at) < cutoff

    def status_css(self) -> str:
        return {"closed": "status-ok", "waiting": "status-warn", "new": "status-bad"}.get(self.status, "")


class AdviceNote(models.Model):
    """An internal note on a request, for staff only: never shown or mailed to the requester."""

    request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, related_name="notes", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("internal note"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request}: {self.created_at:%Y-%m-%d}"


class AdviceReply(models.Model):
    """One message of a request's conversation: an answer to the requester (shown on their account and mailed
    to them) or, with `by_requester`, the requester's own answer (mailed to the assigned advisor)."""

    request = models.ForeignKey(
        AdviceRequest, on_delete=models.CASCADE, related_name="replies", verbose_name=_("request")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("author")
    )
    text = models.TextField(_("reply to the requester"))
    # A flag, not the author: the author is emptied when the requester deletes their account.
    by_requester = models.BooleanField(_("from the requester"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("public reply")
        verbose_name_plural = _("public replies")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.request}: {self.created_at:%Y-%m-%d}"
