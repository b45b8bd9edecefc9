from .checkin import EventCheckInView
from .events import EventDetailView, EventListView
from .registrations import (
    RegistrationCancelView,
    RegistrationConfirmView,
    RegistrationCreateView,
    RegistrationDetailView,
    RegistrationGuestCancelView,
    RegistrationGuestView,
    registration_guest_qr,
    registration_qr,
)

__all__ = [
    "EventCheckInView",
    "EventDetailView",
    "EventListView",
    "RegistrationCancelView",
    "RegistrationConfirmView",
    "RegistrationCreateView",
    "RegistrationDetailView",
    "RegistrationGuestCancelView",
    "RegistrationGuestView",
    "registration_guest_qr",
    "registration_qr",
]
