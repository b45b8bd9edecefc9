"""Why a registration write was refused: each exception carries the message shown to the person."""

from django.utils.translation import gettext_lazy as _


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
