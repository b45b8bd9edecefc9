"""Every write of the events app: registering, confirming, cancelling, promoting, moving events, check-in, reminders.

Registration writes lock the event row (`select_for_update`, see `locking`) inside a transaction, so counting the
confirmed seats and creating the next registration happen one at a time per event.

`registration` registers and cancels, `waitlist` gives seats and waitlist places, `checkin` admits at the door,
`changes` cancels or moves an event, `mails` writes to the people registered; `errors` holds the refusals.
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
from .waitlist import event_waitlist_fill, registration_promote

__all__ = [
    "CancellationClosed",
    "CheckInResult",
    "EventFull",
    "InvitationRequired",
    "RegistrationBusy",
    "RegistrationClosed",
    "RegistrationError",
    "event_cancel",
    "event_reminders_send",
    "event_reschedule",
    "event_waitlist_fill",
    "registration_cancel",
    "registration_check_in",
    "registration_confirm_email",
    "registration_create",
    "registration_mail_send",
    "registration_mails_send_due",
    "registration_promote",
]
