"""The events app's part of the data export and the account deletion (hubportal/users/privacy.py).

Deletion: the person's registrations (also guest ones under a verified address of theirs) stay without name,
address, company and dietary needs, so that the counts per event stay; a registration for an event that has not
started is cancelled first, and its seat goes to the waitlist.
"""

from django.conf import settings
from django.db.models import Q

from hubportal.users.privacy import ErasureBusy, Person
from hubportal.users.services.addresses import address_q

from .models import Registration
from .services import RegistrationBusy, registration_cancel


def _mine(user, emails: list[str]) -> Q:
    # Guest registrations count only under a verified address: an unverified one may be someone else's.
    return Q(user=user) | (Q(user__isnull=True) & address_q("email", emails))


def _anonymise_registrations(user, emails: list[str], now) -> int:
    registrations = list(Registration.objects.filter(_mine(user, emails)).select_related("event"))
    for registration in registrations:
        if registration.is_active and not registration.event.has_started:
            # The seat (or waitlist place) goes to the next person; the deleted person gets no mail.
            registration_cancel(registration=registration, notify=False)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        user=None, name="", email="", company="", dietary_needs="", listed_publicly=False, updated_at=now
    )
    return len(registrations)


def erase(person: Person) -> None:
    try:
        _anonymise_registrations(person.user, person.emails, person.now)
    except RegistrationBusy as busy:
        raise ErasureBusy from busy


def export(person: Person) -> dict:
    rows = (
        Registration.objects.filter(_mine(person.user, person.emails))
        .select_related("event")
        .order_by("event__starts_at", "pk")
    )
    return {
        "event_registrations": [
            {
                "event": r.event.title,
                "url": f"{settings.SITE_URL}{r.event.get_absolute_url()}",
                "starts_at": r.event.starts_at,
                "as_guest": r.user_id is None,
                "name": r.name,
                "email": r.email,
                "language": r.language,
                "status": r.status,
                "waitlist_position": r.waitlist_position,
                "company": r.company,
                "dietary_needs": r.dietary_needs,
                "listed_publicly": r.listed_publicly,
                "created_at": r.created_at,
                "email_confirmed_at": r.email_confirmed_at,
                "confirmed_at": r.confirmed_at,
                "promoted_at": r.promoted_at,
                "cancelled_at": r.cancelled_at,
                "checked_in_at": r.checked_in_at,
            }
            for r in rows
        ]
    }
