import re
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.images import CleanImageField
from hubs.models import Hub, Topic

from ..querysets import StartupQuerySet
from .choices import BusinessModel, Stage, Visibility

PUBLISHED = Q(status="published")


def funding_sort_key(levels: tuple[str, ...]):
    """The amount to sort by for viewers who pass `levels`: hidden amounts count as missing."""
    return Case(When(funding_visibility__in=[str(level) for level in levels], then=F("funding_sought")), default=None)


# Field groups whose visibility an owner chooses; everything else on the profile is public,
# and the contact email is only ever shown after an accepted introduction.
PUBLIC_FIELDS = ("name", "logo", "pitch", "topics", "hub", "city", "stage", "business_model")
FIELD_GROUPS = {
    "company": ("description", "website", "founded_year", "team_size"),
    "funding": ("seeking_funding", "funding_sought", "current_round"),
}
CONTACT_FIELDS = ("contact_email",)


class Startup(models.Model):
    """A startup's profile: moderated before it is listed, edited by its team."""

    Stage = Stage
    BusinessModel = BusinessModel
    Visibility = Visibility

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    logo = CleanImageField(_("logo"), upload_to="startups/logos/", blank=True)
    pitch = models.CharField(
        _("one-line pitch"), max_length=160, blank=True, help_text=_("What you do, in one sentence (160 characters).")
    )
    # Bounded: the full-text vector of the description must stay below PostgreSQL's 1 MB tsvector limit.
    description = models.TextField(_("description"), blank=True, max_length=10_000)
    website = models.URLField(_("website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"), null=True, blank=True, validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    team_size = models.PositiveIntegerField(
        _("team size"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    business_model = models.CharField(_("business model"), max_length=10, choices=BusinessModel.choices, blank=True)
    topics = models.ManyToManyField(Topic, related_name="startups", blank=True, verbose_name=_("topics"))
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="startups",
        verbose_name=_("home hub"),
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    seeking_funding = models.BooleanField(_("seeking funding"), default=False)
    funding_sought = models.PositiveBigIntegerField(
        _("funding sought (EUR)"), null=True, blank=True, validators=[MaxValueValidator(10_000_000_000)]
    )
    current_round = models.CharField(
        _("current round"), max_length=120, blank=True, help_text=_("E.g. “Seed round, closing in Q3”.")
    )
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Only shown after you accept an introduction.")
    )
    company_visibility = models.CharField(
        _("who sees description, website, founding year and team size"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    funding_visibility = models.CharField(
        _("who sees the funding details"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.INVESTORS,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Two full-text vectors (hubportal/search.py): what everyone sees, and the description, which a search
    # may only match where the viewer sees the company group (see StartupQuerySet.search).
    search_public = SearchVectorField(null=True, editable=False)
    search_company = SearchVectorField(null=True, editable=False)
    # The topic ids, sorted (NULL: no topics), kept by startups/signals.py from every change of `topics`: the
    # directory's topic filter and the match score read them from the row instead of the topics table.
    topic_ids = ArrayField(models.BigIntegerField(), null=True, editable=False)
    members = models.ManyToManyField(  # type: ignore[var-annotated]  # through model
        settings.AUTH_USER_MODEL, through="StartupMembership", related_name="startups", verbose_name=_("team")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StartupQuerySet.as_manager()

    class Meta:
        verbose_name = _("startup")
        verbose_name_plural = _("startups")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search_public"], name="startup_search_public_gin"),
            GinIndex(fields=["search_company"], name="startup_search_company_gin"),
            GinIndex(fields=["topic_ids"], condition=PUBLISHED, name="startup_pub_topics_gin"),
            models.Index(fields=["status", "submitted_at"], name="startup_status_submitted"),
            models.Index(fields=["name", "id"], condition=PUBLISHED, name="startup_pub_name"),
            # Sort by funding: staff see every amount; others sort hidden amounts last (see funding_sort_key).
            models.Index(
                F("funding_sought").desc(nulls_last=True),
                F("name"),
                F("id"),
                condition=PUBLISHED,
                name="startup_pub_funding",
            ),
            models.Index(
                funding_sort_key((Visibility.PUBLIC,)).desc(nulls_last=True),
                F("name"),
                F("id"),
                condition=PUBLISHED,
                name="startup_pub_funding_public",
            ),
            models.Index(
                funding_sort_key((Visibility.PUBLIC, Visibility.INVESTORS)).desc(nulls_last=True),
                F("name"),
                F("id"),
                condition=PUBLISHED,
                name="startup_pub_funding_investors",
            ),
            # Stage and hub filters, newest first; they also cover the match pages' walks per stage (or hub) of
            # the investor (see matching.scoring.statement._full_matches).
            models.Index(
                fields=["hub", "-published_at", "-id"],
                include=["stage", "funding_sought", "funding_visibility", "topic_ids"],
                condition=PUBLISHED,
                name="startup_pub_hub",
            ),
            models.Index(
                fields=["stage", "-published_at", "-id"],
                include=["hub", "funding_sought", "funding_visibility", "topic_ids"],
                condition=PUBLISHED,
                name="startup_pub_stage",
            ),
            models.Index(fields=["business_model"], condition=PUBLISHED, name="startup_pub_model"),
            models.Index(
                fields=["seeking_funding", "funding_visibility"], condition=PUBLISHED, name="startup_pub_seek"
            ),
            models.Index(fields=["team_size"], condition=PUBLISHED, name="startup_pub_team"),
            models.Index(fields=["founded_year"], condition=PUBLISHED, name="startup_pub_founded"),
            models.Index(Upper("city"), condition=PUBLISHED, name="startup_pub_city"),
            # Newest first (the directory's default sort). The ranking pass of the match pages reads every
            # published row's score inputs from this index alone (an index-only scan).
            models.Index(
                fields=["-published_at", "-id"],
                include=["stage", "hub", "funding_sought", "funding_visibility", "topic_ids"],
                condition=PUBLISHED,
                name="startup_pub_match",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "published", "rejected"]), name="startup_status_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Saves every field but `topic_ids`, which only the topic signals write (`startups/signals.py`): an
        instance loaded before its topics changed must not write the old list back."""
        if (
            not args
            and self.pk is not None
            and not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
        ):
            skipped = {"topic_ids", *self.get_deferred_fields()}  # Django skips deferred fields too
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in skipped and field.attname not in skipped
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("startups:startup_detail", kwargs={"slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def visible_fields_for(self, user) -> frozenset[str]:
        """The names of the profile fields `user` may see (the one place that decides it)."""
        from ..visibility import viewer_for

        return viewer_for(user).visible_fields(self)

    def status_css(self) -> str:
        return {"published": "status-ok", "submitted": "status-warn", "rejected": "status-bad"}.get(self.status, "")


def protect_owner(collector, field, sub_objs, using):
    """on_delete of a membership's user: a member's rows go with the account, an owner's account is protected.

    A startup must never be left without an owner: hand over ownership before deleting the account.
    """
    owners = [membership for membership in sub_objs if membership.role == StartupMembership.Role.OWNER]
    if owners:
        raise models.ProtectedError(
            "This person owns a startup: hand over its ownership before deleting the account.", owners
        )
    models.CASCADE(collector, field, sub_objs, using)


class StartupMembership(models.Model):
    """A person on a startup's team. Each startup has exactly one owner."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    startup = models.ForeignKey(Startup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=protect_owner, related_name="startup_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["role", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["startup", "user"], name="membership_unique_person"),
            models.UniqueConstraint(fields=["startup"], condition=Q(role="owner"), name="membership_one_owner"),
        ]

    def __str__(self):
        return f"{self.user} – {self.startup} ({self.get_role_display()})"


class StartupInvitation(models.Model):
    """An invitation by email to join a startup's team; the link holds a secret token."""

    startup = models.ForeignKey(Startup, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.startup}"

    def get_absolute_url(self):
        return reverse("startups:invitation_accept", kwargs={"token": self.token})


# Team changes are stored as codes with the person's address ("joined: a@example.org", "joined: … (owner)",
# "removed: …", "owner: …"), so rows written in any language read as sentences in the viewer's.
TEAM_NOTE = re.compile(r"(?P<kind>joined|removed|owner): (?P<person>.+?)(?P<as_owner> \(owner\))?")


class StartupChange(models.Model):
    """The log of a startup profile: who changed or moderated what, and when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Edited")
        SUBMITTED = "submitted", _("Submitted")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        UNPUBLISHED = "unpublished", _("Unpublished")
        TEAM = "team", _("Team changed")

    startup = models.ForeignKey(Startup, on_delete=models.CASCADE, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    changes = models.JSONField(_("changed fields"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("startup change")
        verbose_name_plural = _("startup changes")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["startup", "-created_at"])]

    def __str__(self):
        return f"{self.startup}: {self.get_action_display()}"

    def field_labels(self) -> list[str]:
        """The changed fields by their names in the active language (rows store the field codes)."""
        labels = []
        for name in self.changes:
            try:
                labels.append(capfirst(Startup._meta.get_field(name).verbose_name))  # type: ignore[union-attr]  # concrete fields only
            except FieldDoesNotExist:  # a field removed since
                labels.append(name)
        return labels  # type: ignore[return-value]  # lazy translation

    def note_display(self) -> str:
        """The note in the active language: team notes become sentences, reasons are shown as written."""
        match = TEAM_NOTE.fullmatch(self.note) if self.action == self.Action.TEAM else None
        if match is None:
            return self.note
        name = match["person"]
        if match["kind"] == "owner":
            return gettext("%(name)s is now the owner.") % {"name": name}
        if match["kind"] == "removed":
            return gettext("%(name)s is no longer on the team.") % {"name": name}
        if match["as_owner"]:
            return gettext("%(name)s joined the team as owner.") % {"name": name}
        return gettext("%(name)s joined the team.") % {"name": name}
