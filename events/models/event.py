"""Events, their agenda and speakers, and the registrations (tickets) of their attendees."""

import hmac
import secrets
from datetime import datetime

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.core.i18n import LocalizedField
from hubportal.fields import content_language_field
from hubportal.images import CleanImageField
from hubs.models import Hub, Topic

from ..querysets import EventQuerySet, SpeakerQuerySet


def new_invite_code() -> str:
    return secrets.token_urlsafe(12)


class Event(models.Model):
    """A meetup, workshop, pitch night, network meeting, festival or webinar."""

    class Type(models.TextChoices):
        MEETUP = "meetup", _("Meetup")
        WORKSHOP = "workshop", _("Workshop")
        PITCH_NIGHT = "pitch", _("Pitch night")
        NETWORK_MEETING = "network", _("Network meeting")
        FESTIVAL = "festival", _("Festival")
        CONFERENCE = "conference", _("Conference")
        WEBINAR = "webinar", _("Webinar")

    class Format(models.TextChoices):
        ON_SITE = "onsite", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Language(models.TextChoices):
        GERMAN = "de", _("German")
        ENGLISH = "en", _("English")
        BOTH = "de-en", _("German and English")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        INVITE_ONLY = "invite", _("Invite only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class DatePrecision(models.TextChoices):
        TIME = "time", _("Exact start and end time")
        DAY = "day", _("Date only")
        MONTH = "month", _("Month only")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    type = models.CharField(_("type"), max_length=12, choices=Type.choices, default=Type.MEETUP)
    format = models.CharField(_("format"), max_length=8, choices=Format.choices, default=Format.ON_SITE)
    hub = models.ForeignKey(
        Hub,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising hub"),
        help_text=_("Empty: organised by the hub agency (or by the organiser named below)."),
    )
    organiser = models.CharField(
        _("other organiser"),
        max_length=200,
        blank=True,
        help_text=_("Only when neither a hub nor the agency organises."),
    )
    organised_by_agency = models.BooleanField(
        _("organised by the hub agency"),
        default=True,
        help_text=_("Untick for events of others whose organiser is not known (e.g. archive entries)."),
    )
    topics = models.ManyToManyField(Topic, related_name="events", blank=True, verbose_name=_("topics"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.TIME,
        help_text=_("For past events whose exact times are not known."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    venue_address = models.CharField(_("venue address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed attendees, and in their mails.")
    )
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    image = CleanImageField(_("image"), upload_to="events/images/", blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language.choices, default=Language.GERMAN)
    content_language = content_language_field()
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True, help_text=_("Empty: unlimited."))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    registration_enabled = models.BooleanField(_("registration through the portal"), default=True)
    waitlist_enabled = models.BooleanField(_("waitlist"), default=True)
    visibility = models.CharField(_("visibility"), max_length=6, choices=Visibility.choices, default=Visibility.PUBLIC)
    invite_code = models.CharField(_("invitation code"), max_length=40, default=new_invite_code, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = EventQuerySet.as_manager()

    description = LocalizedField("description")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "visibility", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="event_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def is_managed_by(self, user) -> bool:
        """Whether `user` manages this event as staff (see `EventQuerySet.for_staff`)."""
        return Event.objects.for_staff(user).filter(pk=self.pk).exists()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def spans_several_days(self) -> bool:
        """Whether the event ends on a later calendar day than it starts, in local (Berlin) time."""
        return timezone.localdate(self.ends_at) != timezone.localdate(self.starts_at)

    @property
    def is_invite_only(self) -> bool:
        return self.visibility == self.Visibility.INVITE_ONLY

    def invite_code_matches(self, code: str) -> bool:
        """Compares in constant time; as bytes, because compare_digest refuses non-ASCII str."""
        return bool(code) and hmac.compare_digest(code.encode(), self.invite_code.encode())

    @property
    def organiser_label(self) -> str:
        """The hub, else the named organiser, else the agency (empty when unknown)."""
        if self.hub_id:
            return self.hub.name  # type: ignore[union-attr]  # hub_id checked just before
        if self.organiser:
            return self.organiser
        return str(_("Hub agency")) if self.organised_by_agency else ""

    @property
    def free_seats(self) -> int | None:
        """Seats left (None: unlimited). Uses the `confirmed_count` annotation when present."""
        if self.capacity is None:
            return None
        confirmed = getattr(self, "confirmed_count", None)
        if confirmed is None:
            from .registration import Registration

            confirmed = self.registrations.filter(status=Registration.Status.CONFIRMED).count()
        return max(self.capacity - confirmed, 0)

    @property
    def is_sold_out(self) -> bool:
        """Every seat taken and no waitlist to join: nobody can register."""
        return not self.waitlist_enabled and self.capacity is not None and self.free_seats == 0

    def registration_state(self, now: datetime | None = None) -> str:
        """Why registration is (not) possible: open, closed, not_yet, past, cancelled, none."""
        now = now or timezone.now()
        if not self.registration_enabled or self.status == self.Status.DRAFT:
            return "none"
        if self.is_cancelled:
            return "cancelled"
        if self.starts_at <= now:
            return "past"
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if self.registration_closes_at and now >= self.registration_closes_at:
            return "closed"
        return "open"


class Speaker(models.Model):
    """A person speaking at one or more agenda items."""

    name = models.CharField(_("name"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    bio_de = models.TextField(_("bio (German)"), blank=True)
    bio_en = models.TextField(_("bio (English)"), blank=True)
    photo = CleanImageField(_("photo"), upload_to="events/speakers/", blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    bio = LocalizedField("bio")

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class AgendaItem(models.Model):
    """One slot of an event's programme."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description_de = models.TextField(_("description (German)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    room = models.CharField(_("room or track"), max_length=100, blank=True)
    speakers = models.ManyToManyField(Speaker, related_name="agenda_items", blank=True, verbose_name=_("speakers"))

    description = LocalizedField("description")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return self.title
