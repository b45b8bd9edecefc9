"""Check-in at the door: a ticket code admits its holder once, to this event only."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Event, Registration
from . import locking


@dataclass
class CheckInResult:
    """What the door is told: admitted or not, why, and whose ticket it was (when the code is known here)."""

    ok: bool
    message: str
    registration: Registration | None = None


@locking.busy_guard
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
