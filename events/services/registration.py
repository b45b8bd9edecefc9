"""Registering for an event (a user at once, a guest once their address is confirmed) and cancelling."""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation

from ..models import Event, Registration
from ..tokens import confirm_token
from . import locking
from .errors import CancellationClosed, EventFull, InvitationRequired, RegistrationClosed
from .mails import mail, mail_placed
from .waitlist import assign_place, close_waitlist_gap, promote_waitlist

if TYPE_CHECKING:
    from hubportal.users.models import User

OPT_IN_RESEND_AFTER = timedelta(minutes=10)


def _find_active(event: Event, *, user: "User | None", email: str) -> Registration | None:
    match = Q(email__iexact=email)
    if user is not None:
        match |= Q(user=user)
    return Registration.objects.active().filter(event=event).filter(match).order_by("pk").first()


def _attach_to_user(
    registration: Registration,
    *,
    event: Event,
    user: "User",
    now: datetime,
    language: str | None,
    answers: dict[str, Any],
) -> bool:
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
        assign_place(registration, event, now)
    registration.save()
    if placed:
        mail_placed(registration)
    return placed


def _register_again(
    existing: Registration,
    *,
    event: Event,
    user: "User | None",
    now: datetime,
    language: str | None,
    answers: dict[str, Any],
) -> Registration:
    """A second submit by someone registered already: returns their registration, which a user takes over from a
    guest; a guest whose confirmation mail is overdue gets a fresh one. `was_created`: a place was given now."""
    if user is not None and existing.user_id is None:
        # The account owns this address now: their details replace whatever the guest form said.
        placed = _attach_to_user(existing, event=event, user=user, now=now, language=language, answers=answers)
        existing.was_created = placed
        return existing
    if existing.status == Registration.Status.PENDING and existing.updated_at < now - OPT_IN_RESEND_AFTER:
        if event.is_sold_out:
            raise EventFull
        # A lost or expired confirmation mail: the guest asks again, so send a fresh link.
        existing.save(update_fields=["updated_at"])
        mail(existing, "guest_confirm", confirm_token=confirm_token(existing))
    existing.was_created = False
    return existing


def _save_new(registration: Registration, *, event: Event, user: "User | None", email: str) -> Registration:
    """Saves a new registration and sends its first mail; when a racing submit by the same person saved theirs
    first, returns that one instead (`was_created` False)."""
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
        mail(registration, "guest_confirm", confirm_token=confirm_token(registration))
    else:
        mail_placed(registration)
    registration.was_created = True
    return registration


@locking.busy_guard
def registration_create(
    *,
    event: Event,
    user: "User | None" = None,
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
    answers = {"company": company, "dietary_needs": dietary_needs, "listed_publicly": listed_publicly}
    with transaction.atomic():
        event = locking.lock_event(event.pk)
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
            return _register_again(existing, event=event, user=user, now=now, language=language, answers=answers)
        if user is None and event.is_sold_out:
            # A guest would confirm by mail only to be refused then: say so now, without a mail. Confirming
            # still checks the seats again under the lock, as they may go while the mail is on its way.
            raise EventFull
        registration = Registration(
            event=event,
            user=user,
            name=name.strip(),
            email=email,
            language=(language or translation.get_language() or "de")[:2],
            **answers,
        )
        if user is not None:
            registration.email_confirmed_at = now
            assign_place(registration, event, now)
        return _save_new(registration, event=event, user=user, email=email)


@locking.busy_guard
def registration_confirm_email(*, registration: Registration) -> Registration:
    """A guest confirmed their address: they now take a seat, or the next waitlist place."""
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
        now = timezone.now()
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status != Registration.Status.PENDING:
            return registration
        if event.registration_state(now) != "open":
            # Drafted, closed, disabled, cancelled or started since the guest registered.
            raise RegistrationClosed
        assign_place(registration, event, now)
        registration.email_confirmed_at = now
        registration.save()
        mail_placed(registration)
    return registration


@locking.busy_guard
def registration_cancel(*, registration: Registration, by_staff: bool = False, notify: bool = True) -> Registration:
    """Cancels a registration; a freed seat goes to the first person on the waitlist, in this transaction.

    Once the event has started only staff may cancel, and nobody moves up any more. `notify=False`
    sends the person no mail (their account is being deleted; people moving up still get theirs).
    """
    with transaction.atomic():
        event = locking.lock_event(registration.event_id)
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
            close_waitlist_gap(event, position)
        elif previous == Registration.Status.CONFIRMED and not event.is_cancelled:
            promote_waitlist(event, now)
        if previous != Registration.Status.PENDING and notify:
            mail(registration, "registration_cancelled", by_staff=by_staff)
    return registration
