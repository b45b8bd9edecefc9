"""The mails to registered people, and the reminder the day before an event."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from hubportal.mail.services import email_send

from ..calendar import calendar_bytes
from ..models import Event, Registration
from ..tokens import guest_token
from . import locking


def _registration_links(registration: Registration) -> dict[str, Any]:
    context: dict[str, Any] = {"registration": registration, "event": registration.event}
    if registration.user_id is None:
        context["guest_token"] = guest_token(registration)
    return context


def mail(registration: Registration, template: str, *, with_ics: bool = False, **extra: Any) -> None:
    """Mails `emails/events/<template>` to the registered person in their language (with the event's
    calendar file if `with_ics`); `extra` adds to the template's context."""
    context = _registration_links(registration) | extra
    attachments: list[tuple[str, bytes | str, str]] | None = None
    if with_ics:
        online = registration.event.online_url if registration.is_confirmed else ""
        with translation.override(registration.language):
            ics = calendar_bytes([registration.event], name=registration.event.title, online_url=online)
        attachments = [("event.ics", ics, "text/calendar")]
    email_send(
        to=registration.email,
        template_prefix=f"emails/events/{template}",
        context=context,
        language=registration.language,
        attachments=attachments,
    )


def mail_placed(registration: Registration) -> None:
    """Tells the person the place they just got: a seat (with the calendar file) or a waitlist place."""
    if registration.is_confirmed:
        mail(registration, "registration_confirmed", with_ics=True)
    else:
        mail(registration, "registration_waitlisted")


def event_reminders_send(*, now: datetime | None = None) -> int:
    """Mails confirmed attendees of events starting within 24 hours, once per event. Returns mails queued."""
    now = now or timezone.now()
    due = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + timedelta(hours=24),
    ).values_list("pk", flat=True)
    sent = 0
    for event_id in list(due):
        with transaction.atomic():
            event = locking.lock_event(event_id)
            if event.reminder_sent_at is not None or event.status != Event.Status.PUBLISHED:
                continue
            for registration in Registration.objects.confirmed().filter(event=event):
                registration.event = event
                mail(registration, "event_reminder", with_ics=True)
                sent += 1
            event.reminder_sent_at = now
            event.save(update_fields=["reminder_sent_at", "updated_at"])
    return sent
