"""Registrations: a person's seat (or waitlist place) at an event, and their ticket."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..querysets import RegistrationQuerySet
from .event import Event


def new_ticket_code() -> str:
    """An unguessable ticket code (80 random bits), short enough to type at the door."""
    return secrets.token_hex(10).upper()


class Registration(models.Model):
    """One person's registration for an event: confirmed, waitlisted, awaiting confirmation or cancelled."""

    was_created: bool  # set by the registration services on the instance they return, never stored

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="de")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    waitlist_position = models.PositiveIntegerField(_("waitlist position"), null=True, blank=True)
    ticket_code = models.CharField(
        _("ticket code"), max_length=32, unique=True, default=new_ticket_code, editable=False
    )
    company = models.CharField(_("company or organisation"), max_length=150, blank=True)
    dietary_needs = models.CharField(_("dietary needs"), max_length=200, blank=True)
    listed_publicly = models.BooleanField(_("appears on the participants list"), default=False)
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("seat confirmed"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved up from the waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    # The mail the registration still owes its person, written under the event's lock and sent after it (see
    # events/services/registration.py): "guest_confirm" or "placed"; empty once the mail is queued.
    mail_due = models.CharField(_("mail due"), max_length=16, blank=True, default="", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled") & Q(user__isnull=False),
                name="registration_one_active_per_user",
            ),
            # Anonymised registrations (account deleted) have no address and are exempt.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="registration_one_active_per_email",
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="registration_waitlist_position_iff_waitlisted",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "waitlist_position"]),
            models.Index(fields=["updated_at"], condition=~Q(mail_due=""), name="registration_mail_due"),
        ]

    def __str__(self):
        return f"{self.name} – {self.event}"

    def get_absolute_url(self):
        return reverse("events:registration_detail", kwargs={"code": self.ticket_code})

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    @property
    def is_confirmed(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLISTED
