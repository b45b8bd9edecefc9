"""Seats and the waitlist: who gets a seat, who waits at which place, and who moves up when a seat is free."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import Event, Registration
from . import locking
from .errors import EventFull
from .mails import mail


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def assign_place(registration: Registration, event: Event, now: datetime) -> None:
    """Gives a seat if one is free and nobody waits, else the next waitlist place; the caller holds the lock."""
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
    someone_waits = waiting.exists()
    if someone_waits:
        # Seats freed without filling the waitlist (e.g. capacity raised while the lock was busy) go to
        # the people waiting first.
        promote_waitlist(event, now)
        someone_waits = waiting.exists()
    if not someone_waits and (event.capacity is None or _confirmed_count(event) < event.capacity):
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.waitlist_position = None
        return
    if not event.waitlist_enabled:
        raise EventFull
    last = (
        Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
        .order_by("-waitlist_position")
        .values_list("waitlist_position", flat=True)
        .first()
    )
    registration.status = Registration.Status.WAITLISTED
    registration.waitlist_position = (last or 0) + 1


def close_waitlist_gap(event: Event, position: int | None, count: int = 1) -> None:
    """Moves everyone behind `position` up by `count` places, keeping positions 1…n without gaps."""
    Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED, waitlist_position__gt=position
    ).update(waitlist_position=F("waitlist_position") - count)


def promote_waitlist(event: Event, now: datetime) -> list[Registration]:
    """Fills free seats from the head of the waitlist, in order, with a mail each."""
    if event.starts_at <= now:
        return []  # a seat freed during the event is of no use to someone told they are waiting
    if event.capacity is None:
        candidates = list(Registration.objects.filter(event=event).waitlisted())
    else:
        free = event.capacity - _confirmed_count(event)
        if free <= 0:
            return []
        candidates = list(Registration.objects.filter(event=event).waitlisted()[:free])
    if not candidates:
        return []
    last_position = candidates[-1].waitlist_position
    for registration in candidates:
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = now
        registration.promoted_at = now
        registration.save(update_fields=["status", "waitlist_position", "confirmed_at", "promoted_at", "updated_at"])
    close_waitlist_gap(event, last_position, len(candidates))
    for registration in candidates:
        registration.event = event
        mail(registration, "registration_promoted", with_ics=True)
    return candidates


@locking.busy_guard
def registration_promote(*, registration: Registration) -> Registration:
    """Staff moves a waitlisted person to a confirmed seat, even beyond the capacity."""
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
        now = timezone.now()
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status != Registration.Status.WAITLISTED:
            return registration
        position = registration.waitlist_position
        registration.status = Registration.Status.CONFIRMED
        registration.waitlist_position = None
        registration.confirmed_at = registration.promoted_at = now
        registration.save()
        close_waitlist_gap(event, position)
        mail(registration, "registration_promoted", with_ics=True)
    return registration


@locking.busy_guard
def event_waitlist_fill(*, event: Event) -> int:
    """After staff raised the capacity: moves people up from the waitlist into the new seats, with mails."""
    with transaction.atomic():
        event = locking.lock_event(event.pk)
        if event.is_cancelled:
            return 0
        return len(promote_waitlist(event, timezone.now()))
