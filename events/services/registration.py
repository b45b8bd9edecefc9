"""Registering for an event (a user at once, a guest once their address is confirmed) and cancelling.

The event row is locked while seats are counted and given, one registration at a time per event. The mail a new
place owes its person is only noted then (`Registration.mail_due`) and built by the task worker after the commit
(`events.tasks.send_registration_mail`): building a mail with its calendar file costs more than the whole seat
decision, and a rush of hundreds of people for one event would otherwise wait for each other's mails. Should the
task be lost, the scheduled `send_registration_mails` sends what is still due.
"""

import logging
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

logger = logging.getLogger(__name__)

OPT_IN_RESEND_AFTER = timedelta(minutes=10)
MAIL_DUE_GRACE = timedelta(minutes=1)


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
        registration.mail_due = "placed"
    registration.save()
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
        existing.mail_due = "guest_confirm"
        existing.save(update_fields=["mail_due", "updated_at"])
    existing.was_created = False
    return existing


def _save_new(registration: Registration, *, event: Event, user: "User | None", email: str) -> Registration:
    """Saves a new registration, owing its first mail; when a racing submit by the same person saved theirs first,
    returns that one instead (`was_created` False)."""
    registration.mail_due = "guest_confirm" if registration.status == Registration.Status.PENDING else "placed"
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        existing = _find_active(event, user=user, email=email)
        if existing is None:
            raise
        existing.was_created = False
        return existing
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
        registration = _register(
            event=event, user=user, name=name, email=email, language=language, invite_code=invite_code, answers=answers
        )
    _send_due_mail(registration)  # the lock is gone (unless a caller's transaction still holds it)
    return registration


def _register(
    *,
    event: Event,
    user: "User | None",
    name: str,
    email: str,
    language: str | None,
    invite_code: str,
    answers: dict[str, Any],
) -> Registration:
    """The seat decision of `registration_create`, under the event's lock."""
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
        registration.mail_due = "placed"
        registration.save()
    _send_due_mail(registration)
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


def _send_due_mail(registration: Registration) -> None:
    """Hands the mail a registration owes to the task worker once the seat is committed: the request that took the
    seat does not build it (in a rush of registrations that work would stand between the other visitors and the
    server). The database task queue keeps the task with a caller's transaction, if one is still open. A failed
    hand-over leaves the mail due for `registration_mails_send_due`."""
    if not registration.mail_due:
        return
    from ..tasks import send_registration_mail  # the task module imports these services

    try:
        with transaction.atomic():  # a savepoint: a failed enqueue must not break a caller's transaction
            send_registration_mail.enqueue(registration.pk)
    except Exception:  # the registration stands; the scheduled sweep sends its mail
        logger.exception("Mail of registration %s left for the sweep", registration.pk)


def registration_mail_send(*, registration_id: int) -> bool:
    """Writes the mail registration `registration_id` owes (its confirmation link or its place) into the mail queue,
    once: True if it sent one. A registration cancelled meanwhile gets none."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "user")
            .exclude(mail_due="")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None:
            return False
        if registration.status == Registration.Status.PENDING:
            mail(registration, "guest_confirm", confirm_token=confirm_token(registration))
        elif registration.is_active:
            mail_placed(registration)
        # An update, not a save: no signal, and `updated_at` keeps timing the guest's confirmation link.
        Registration.objects.filter(pk=registration.pk).update(mail_due="")
    return registration.is_active


def registration_mails_send_due(*, now: datetime | None = None) -> int:
    """The sweep behind `manage.py send_registration_mails`: sends the mails that a registration still owes a minute
    after it was written (its process died before sending). Returns how many it sent."""
    now = now or timezone.now()
    due = Registration.objects.exclude(mail_due="").filter(updated_at__lt=now - MAIL_DUE_GRACE)
    return sum(registration_mail_send(registration_id=pk) for pk in due.values_list("pk", flat=True))
