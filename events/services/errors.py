"""Why a registration write was refused: each exception carries the message shown to the person."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class RegistrationError(Exception):
    """A registration that cannot be made; `message` is shown to the person."""

    message: "StrOrPromise" = _("The registration could not be completed.")

    def __init__(self, message: "StrOrPromise | None" = None) -> None:
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
