"""Every write of the events app: registering, confirming, cancelling, promoting, moving events, check-in, reminders.

Registration writes lock the event row (`select_for_update`) inside a transaction, so counting the
confirmed seats and creating the next registration happen one at a time per event.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hubportal.mail.services import email_send

from .calendar import calendar_bytes
from .models import Event, Registration
from .tokens import confirm_token, guest_token

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = "5s"
TIME_FIELDS = {"starts_at", "ends_at"}
PLACE_FIELDS = {"venue_name", "venue_address", "online_url"}
OPT_IN_RESEND_AFTER = timedelta(minutes=10)


class RegistrationError(Exception):
    """A registration that cannot be made; `message` is shown to the person."""

    message = _("The registration could not be completed.")

    def __init__(self, message=None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class RegistrationBusy(RegistrationError):
    """The event was locked by other registrations for too long (or the database was busy)."""

    message = _("Many people are registering right now. Please try again in a few seconds.")


class RegistrationClosed(RegistrationError):
    message = _("Registration for this event is not open.")


class CancellationClosed(RegistrationClosed):
    message = _("This event has already started, so the registration can no longer be cancelled.")


class EventFull(RegistrationError):
    message = _("This event is fully booked and has no waitlist.")


class InvitationRequired(RegistrationError):
    message = _("This event is by invitation only. Please use the link from your invitation.")


def _busy_guard(func):
    """Turns lock timeouts into RegistrationBusy (a friendly page, not a 500)."""

    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            logger.warning("Registration write for %s gave up: %s", func.__name__, error)
            raise RegistrationBusy from error

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def _lock_event(event_id: int) -> Event:
    """Locks the event row for the rest of the transaction; waits at most LOCK_TIMEOUT."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    return Event.objects.select_for_update().get(pk=event_id)


def _registration_links(registration: Registration) -> dict:
    context = {"registration": registration, "event": registration.event}
    if registration.user_id is None:
        context["guest_token"] = guest_token(registration)
    return context


def _mail(registration: Registration, template: str, *, with_ics: bool = False, **extra) -> None:
    context = _registration_links(registration) | extra
    attachments = None
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


def _confirmed_count(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def _assign_place(registration: Registration, event: Event, now: datetime) -> None:
    """Gives a seat if one is free and nobody waits, else the next waitlist place; the caller holds the lock."""
    waiting = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED)
    if waiting.exists():
        # Seats freed without filling the waitlist (e.g. capacity raised while the lock was busy) go to
        # the people waiting first.
        _promote_waitlist(event, now)
    if not waiting.exists() and (event.capacity is None or _confirmed_count(event) < event.capacity):
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


def _mail_placed(registration: Registration) -> None:
    if registration.is_confirmed:
        _mail(registration, "registration_confirmed", with_ics=True)
    else:
        _mail(registration, "registration_waitlisted")


def _close_waitlist_gap(event: Event, position: int, count: int = 1) -> None:
    """Moves everyone behind `position` up by `count` places, keeping positions 1…n without gaps."""
    Registration.objects.filter(
        event=event, status=Registration.Status.WAITLISTED, waitlist_position__gt=position
    ).update(waitlist_position=F("waitlist_position") - count)


def _promote_waitlist(event: Event, now: datetime) -> list[Registration]:
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
    _close_waitlist_gap(event, last_position, len(candidates))
    for registration in candidates:
        registration.event = event
        _mail(registration, "registration_promoted", with_ics=True)
    return candidates


def _find_active(event: Event, *, user, email: str) -> Registration | None:
    match = Q(email__iexact=email)
    if user is not None:
        match |= Q(user=user)
    return Registration.objects.active().filter(event=event).filter(match).order_by("pk").first()


def _attach_to_user(registration: Registration, *, event: Event, user, now: datetime, language, answers) -> bool:
    """Gives a guest registration under the user's address to the user; True if it got a place just now."""
    registration.user = user
    registration.event = event
    registration.name = user.get_full_name() or user.email
    registration.email = user.email
    registration.language = (language or registration.language)[:2]
    for field, value in answers.items():
        setattr(registration, field, value)
    registration.email_confirmed_at = registration.email_confirmed_at or now
    placed = registration.status == Registration.Status.PENDING
    if placed:
        _assign_place(registration, event, now)
    registration.save()
    if placed:
        _mail_placed(registration)
    return placed


@_busy_guard
def registration_create(
    *,
    event: Event,
    user=None,
    name: str = "",
    email: str = "",
    company: str = "",
    dietary_needs: str = "",
    listed_publicly: bool = False,
    invite_code: str = "",
    language: str | None = None,
) -> Registration:
    """Registers a user (seat or waitlist at once) or a guest (pending until they confirm by mail).

    A second submit by the same person returns their existing registration (`was_created` False).
    """
    with transaction.atomic():
        event = _lock_event(event.pk)
        now = timezone.now()
        state = event.registration_state(now)
        if state != "open":
            raise RegistrationClosed
        if event.is_invite_only and not event.invite_code_matches(invite_code):
            raise InvitationRequired
        if user is not None:
            name = user.get_full_name() or user.email
            email = user.email
            language = user.language or language
        email = email.strip()
        existing = _find_active(event, user=user, email=email)
        if existing is not None:
            if user is not None and existing.user_id is None:
                # The account owns this address now: their details replace whatever the guest form said.
                placed = _attach_to_user(
                    existing,
                    event=event,
                    user=user,
                    now=now,
                    language=language,
                    answers={"company": company, "dietary_needs": dietary_needs, "listed_publicly": listed_publicly},
                )
                existing.was_created = placed
                return existing
            if existing.status == Registration.Status.PENDING and existing.updated_at < now - OPT_IN_RESEND_AFTER:
                if event.is_sold_out:
                    raise EventFull
                # A lost or expired confirmation mail: the guest asks again, so send a fresh link.
                existing.save(update_fields=["updated_at"])
                _mail(existing, "guest_confirm", confirm_token=confirm_token(existing))
            existing.was_created = False
            return existing
        if user is None and event.is_sold_out:
            # A guest would confirm by mail only to be refused then: say so now, without a mail. Confirming
            # still checks the seats again under the lock, as they may go while the mail is on its way.
            raise EventFull
        registration = Registration(
            event=event,
            user=user,
            name=name.strip(),
            email=email,
            company=company,
            dietary_needs=dietary_needs,
            listed_publicly=listed_publicly,
            language=(language or translation.get_language() or "de")[:2],
        )
        if user is not None:
            registration.email_confirmed_at = now
            _assign_place(registration, event, now)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:
            existing = _find_active(event, user=user, email=email)
            if existing is None:
                raise
            existing.was_created = False
            return existing
        if registration.status == Registration.Status.PENDING:
            _mail(registration, "guest_confirm", confirm_token=confirm_token(registration))
        else:
            _mail_placed(registration)
    registration.was_created = True
    return registration


@_busy_guard
def registration_confirm_email(*, registration: Registration) -> Registration:
    """A guest confirmed their address: they now take a seat, or the next waitlist place."""
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        now = timezone.now()
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status != Registration.Status.PENDING:
            return registration
        if event.registration_state(now) != "open":
            # Drafted, closed, disabled, cancelled or started since the guest registered.
            raise RegistrationClosed
        _assign_place(registration, event, now)
        registration.email_confirmed_at = now
        registration.save()
        _mail_placed(registration)
    return registration


@_busy_guard
def registration_cancel(*, registration: Registration, by_staff: bool = False, notify: bool = True) -> Registration:
    """Cancels a registration; a freed seat goes to the first person on the waitlist, in this transaction.

    Once the event has started only staff may cancel, and nobody moves up any more. `notify=False`
    sends the person no mail (their account is being deleted; people moving up still get theirs).
    """
    with transaction.atomic():
        event = _lock_event(registration.event_id)
        now = timezone.now()
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            return registration
        if event.starts_at <= now and not by_staff:
            raise CancellationClosed
        previous, position = registration.status, registration.waitlist_position
        registration.status = Registration.Status.CANCELLED
        registration.waitlist_position = None
        registration.cancelled_at = now
        registration.save(update_fields=["status", "waitlist_position", "cancelled_at", "updated_at"])
        if previous == Registration.Status.WAITLISTED:
            _close_waitlist_gap(event, position)
        elif previous == Registration.Status.CONFIRMED and not event.is_cancelled:
            _promote_waitlist(event, now)
        if previous != Registration.Status.PENDING and notify:
            _mail(registration, "registration_cancelled", by_staff=by_staff)
    return registration


@_busy_guard
def registration_promote(*, registration: Registration) -> Registration:
    """Staff moves a waitlisted person to a confirmed seat, even beyond the capacity."""
    with transaction.atomic():
        event = _lock_event(registration.event_id)
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
        _close_waitlist_gap(event, position)
        _mail(registration, "registration_promoted", with_ics=True)
    return registration


@_busy_guard
def event_waitlist_fill(*, event: Event) -> int:
    """After staff raised the capacity: moves people up from the waitlist into the new seats, with mails."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        if event.is_cancelled:
            return 0
        return len(_promote_waitlist(event, timezone.now()))


@_busy_guard
def event_cancel(*, event: Event) -> int:
    """Cancels an event and mails everyone with an active registration. Returns the number of mails."""
    with transaction.atomic():
        event = _lock_event(event.pk)
        if event.is_cancelled:
            return 0
        event.status = Event.Status.CANCELLED
        event.cancelled_at = timezone.now()
        event.save(update_fields=["status", "cancelled_at", "updated_at"])
        registrations = list(Registration.objects.active().filter(event=event))
        for registration in registrations:
            registration.event = event
            _mail(registration, "event_cancelled", with_ics=registration.is_confirmed)
    return len(registrations)


@_busy_guard
def event_reschedule(*, event: Event, changed_fields: Iterable[str]) -> int:
    """After staff moved an event (time, venue or online link): a new time gets its own reminder, and the
    confirmed and waitlisted registrants of a published, not yet ended event get a mail. Returns the number of mails."""
    changed = set(changed_fields)
    time_changed, place_changed = bool(changed & TIME_FIELDS), bool(changed & PLACE_FIELDS)
    if not (time_changed or place_changed):
        return 0
    with transaction.atomic():
        event = _lock_event(event.pk)
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
            _mail(
                registration,
                "event_changed",
                with_ics=registration.is_confirmed,
                time_changed=time_changed,
                place_changed=place_changed,
            )
    return len(registrations)


@dataclass
class CheckInResult:
    ok: bool
    message: str
    registration: Registration | None = None


@_busy_guard
def registration_check_in(*, event: Event, code: str) -> CheckInResult:
    """Marks a ticket as attended; refuses unknown codes, other events' tickets, cancelled events, second check-ins."""
    code = "".join(code.split()).upper()
    with transaction.atomic():
        # the event is part of the lookup, so another event's registration is never locked; only the registration
        # row is locked (`of`), not the event: the other services lock the event first, and this must not wait on it
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(event=event, ticket_code=code)
            .first()
            if code
            else None
        )
        if registration is None:
            if code and Registration.objects.filter(ticket_code=code).exists():
                # the person at the door may not see who registered for which other event
                return CheckInResult(False, str(_("This ticket is not for this event.")))
            return CheckInResult(False, str(_("No ticket with this code.")))
        if registration.event.is_cancelled:
            # registrations keep their status when the event is cancelled; the event's status is what counts
            return CheckInResult(False, str(_("Not admitted: this event has been cancelled.")), registration)
        if registration.status != Registration.Status.CONFIRMED:
            return CheckInResult(
                False,
                str(
                    _("Not admitted: this registration is “%(status)s”.")
                    % {"status": registration.get_status_display()}
                ),
                registration,
            )
        if registration.checked_in_at:
            when = timezone.localtime(registration.checked_in_at).strftime("%H:%M")
            return CheckInResult(False, str(_("Already checked in at %(time)s.") % {"time": when}), registration)
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return CheckInResult(True, str(_("Checked in.")), registration)


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
            event = _lock_event(event_id)
            if event.reminder_sent_at is not None or event.status != Event.Status.PUBLISHED:
                continue
            for registration in Registration.objects.confirmed().filter(event=event):
                registration.event = event
                _mail(registration, "event_reminder", with_ics=True)
                sent += 1
            event.reminder_sent_at = now
            event.save(update_fields=["reminder_sent_at", "updated_at"])
    return sent
