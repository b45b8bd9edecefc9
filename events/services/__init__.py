"""Every write of the events app: registering, confirming, cancelling, promoting, moving events, check-in, reminders.

Registration writes lock the event row (`select_for_update`, see `locking`) inside a transaction, so counting the
confirmed seats and creating the next registration happen one at a time per event.

`registration` registers and cancels, `waitlist` gives seats and waitlist places, `checkin` admits at the door,
`changes` cancels or moves an event,
`staff` holds the back office's writes, `mails` writes to the people registered; `errors` holds the refusals.
"""

from .changes import event_cancel, event_reschedule
from .checkin import CheckInResult, registration_check_in
from .errors import (
    CancellationClosed,
    EventFull,
    InvitationRequired,
    RegistrationBusy,
    RegistrationClosed,
    RegistrationError,
)
from .mails import event_reminders_send
from .registration import (
    registration_cancel,
    registration_confirm_email,
    registration_create,
    registration_mail_send,
    registration_mails_send_due,
)
from .staff import (
    AgendaChange,
    EventHasRegistrations,
    EventSaved,
    agenda_save,
    event_delete,
    event_save,
    registration_cancel_by_staff,
    registration_promote_by_staff,
    registration_save,
)
from .waitlist import event_waitlist_fill, registration_promote

__all__ = [
    "AgendaChange",
    "CancellationClosed",
    "CheckInResult",
    "EventFull",
    "EventHasRegistrations",
    "EventSaved",
    "InvitationRequired",
    "RegistrationBusy",
    "RegistrationClosed",
    "RegistrationError",
    "agenda_save",
    "event_cancel",
    "event_delete",
    "event_reminders_send",
    "event_reschedule",
    "event_save",
    "event_waitlist_fill",
    "registration_cancel",
    "registration_cancel_by_staff",
    "registration_check_in",
    "registration_confirm_email",
    "registration_create",
    "registration_mail_send",
    "registration_mails_send_due",
    "registration_promote",
    "registration_promote_by_staff",
    "registration_save",
]
