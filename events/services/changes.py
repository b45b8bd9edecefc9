"""Staff changes to a whole event: cancelling or moving it, with a mail to everyone it concerns."""

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from hubportal.activity.services import activity_record

from .. import activity
from ..models import Event, Registration
from . import locking
from .mails import mail

if TYPE_CHECKING:
    from hubportal.users.models import User

TIME_FIELDS = {"starts_at", "ends_at"}
PLACE_FIELDS = {"venue_name", "venue_address", "online_url"}


@locking.busy_guard
def event_cancel(*, event: Event, by: "User | None" = None) -> int:
    """Cancels an event and mails everyone with an active registration. Returns the number of mails."""
    with transaction.atomic():
        event = locking.lock_event(event.pk)
        if event.is_cancelled:
            return 0
        event.status = Event.Status.CANCELLED
        event.cancelled_at = timezone.now()
        event.save(update_fields=["status", "cancelled_at", "updated_at"])
        registrations = list(Registration.objects.active().filter(event=event))
        for registration in registrations:
            registration.event = event
            mail(registration, "event_cancelled", with_ics=registration.is_confirmed)
        data = {"mails": len(registrations)}
        activity_record(actor=by, action_code=activity.EVENT_CANCELLED, target=event, data=data)
    return len(registrations)


@locking.busy_guard
def event_reschedule(*, event: Event, changed_fields: Iterable[str]) -> int:
    """After staff moved an event (time, venue or online link): a new time gets its own reminder, and the
    confirmed and waitlisted registrants of a published, not yet ended event get a mail. Returns the number of mails."""
    changed = set(changed_fields)
    time_changed, place_changed = bool(changed & TIME_FIELDS), bool(changed & PLACE_FIELDS)
    if not (time_changed or place_changed):
        return 0
    with transaction.atomic():
        event = locking.lock_event(event.pk)
        if time_changed and event.reminder_sent_at is not None:
            # the reminder goes once per date: the new date gets one of its own
            event.reminder_sent_at = None
            event.save(update_fields=["reminder_sent_at", "updated_at"])
        if event.status != Event.Status.PUBLISHED or event.is_past:
            return 0
        statuses = [Registration.Status.CONFIRMED]
        if changed & (TIME_FIELDS | {"venue_name", "venue_address"}):
            statuses.append(Registration.Status.WAITLISTED)  # the online link is only for confirmed attendees
        registrations = list(Registration.objects.filter(event=event, status__in=statuses))
        for registration in registrations:
            registration.event = event
            mail(
                registration,
                "event_changed",
                with_ics=registration.is_confirmed,
                time_changed=time_changed,
                place_changed=place_changed,
            )
    return len(registrations)
