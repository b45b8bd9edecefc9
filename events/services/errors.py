"""Why a registration write was refused: each exception is a ServiceError with the message shown to the person."""

from django.utils.translation import gettext_lazy as _

from hubportal.errors import ServiceError


class RegistrationError(ServiceError):
    """A registration that cannot be made; `message` is shown to the person."""

    message = _("The registration could not be completed.")


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
