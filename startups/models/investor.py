from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hubportal.fields import ChoiceArrayField
from hubs.models import Hub, Topic

from ..querysets import InvestorQuerySet
from .choices import InvestorType, Stage
from .startup import Startup


class InvestorProfile(models.Model):
    """An investor's profile; staff verify it before the investor sees investor-only fields."""

    Type = InvestorType

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="investor_profile")
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    investor_type = models.CharField(_("type"), max_length=20, choices=InvestorType.choices)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    thesis = models.TextField(_("investment thesis"), blank=True, max_length=5_000)
    ticket_min = models.PositiveBigIntegerField(_("smallest ticket (EUR)"), null=True, blank=True)
    ticket_max = models.PositiveBigIntegerField(_("largest ticket (EUR)"), null=True, blank=True)
    stages = ChoiceArrayField(
        models.CharField(max_length=20, choices=Stage.choices),
        verbose_name=_("preferred stages"),
        default=list,
        blank=True,
    )
    topics = models.ManyToManyField(Topic, related_name="investors", blank=True, verbose_name=_("topics"))
    hubs = models.ManyToManyField(
        Hub, related_name="investors", blank=True, verbose_name=_("preferred hubs and regions")
    )
    website = models.URLField(_("website"), blank=True)
    # The full-text vector of name and thesis (startups.services.investor_update_search_vector).
    search = SearchVectorField(null=True, editable=False)
    is_verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified on"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor profile")
        verbose_name_plural = _("investor profiles")
        ordering = ["organisation", "id"]
        indexes = [
            models.Index(fields=["is_verified", "created_at"], name="investor_verify_queue"),
            models.Index(fields=["investor_type", "organisation"], name="investor_type"),
            models.Index(fields=["ticket_min", "ticket_max"], name="investor_ticket"),
            GinIndex(fields=["stages"], name="investor_stages_gin"),
            GinIndex(fields=["search"], name="investor_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__isnull=True)
                | Q(ticket_max__isnull=True)
                | Q(ticket_min__lte=models.F("ticket_max")),
                name="investor_ticket_range",
            )
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("startups:investor_detail", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        return self.organisation or self.user.get_full_name() or self.slug

    @property
    def stage_list(self) -> list[str]:
        return list(dict.fromkeys(self.stages or ()))  # each stage once

    def get_stages_display(self) -> list[str]:
        labels = dict(Stage.choices)
        return [labels.get(code, code) for code in self.stage_list]  # type: ignore[misc]  # lazy translation


class Bookmark(models.Model):
    """A startup on a verified investor's watchlist, with a private note."""

    investor = models.ForeignKey(InvestorProfile, on_delete=models.CASCADE, related_name="bookmarks")
    startup = models.ForeignKey(Startup, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.TextField(_("private note"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("bookmark")
        verbose_name_plural = _("bookmarks")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["investor", "startup"], name="bookmark_unique")]

    def __str__(self):
        return f"{self.investor} ★ {self.startup}"
