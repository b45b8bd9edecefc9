from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import Event, Registration
from events.services import (
    EventFull,
    InvitationRequired,
    RegistrationBusy,
    RegistrationClosed,
    event_cancel,
    registration_cancel,
    registration_confirm_email,
    registration_create,
    registration_promote,
)
from tests.factories import EventFactory, UserFactory

from .conftest import mails_to

pytestmark = pytest.mark.django_db


def register_users(event, count):
    return [registration_create(event=event, user=UserFactory()) for _ in range(count)]


def test_user_with_free_seat_is_confirmed_and_gets_ticket_mail_with_ics():
    event = EventFactory(capacity=2, online_url="https://meet.example.org/x")
    user = UserFactory(language="en")
    registration = registration_create(event=event, user=user)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.waitlist_position is None
    assert registration.was_created
    [message] = mails_to(user.email)
    assert registration.ticket_code in message.body
    assert "https://meet.example.org/x" in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("event.ics", "text/calendar")
    calendar = Calendar.from_ical(content)
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{event.pk}@hubportal"
    assert "https://meet.example.org/x" in str(vevent["DESCRIPTION"])


def test_full_event_puts_next_people_on_waitlist_in_order():
    event = EventFactory(capacity=1)
    first, second = register_users(event, 2)
    third = registration_create(event=event, user=UserFactory(language="en"))
    assert first.status == Registration.Status.CONFIRMED
    assert (second.status, second.waitlist_position) == (Registration.Status.WAITLISTED, 1)
    assert (third.status, third.waitlist_position) == (Registration.Status.WAITLISTED, 2)
    assert "number 2" in mails_to(third.email)[0].body


def test_waitlisted_mail_does_not_contain_online_link():
    event = EventFactory(capacity=1, online_url="https://meet.example.org/secret")
    register_users(event, 1)
    waiting = registration_create(event=event, user=UserFactory())
    assert "meet.example.org/secret" not in mails_to(waiting.email)[0].body


def test_full_event_without_waitlist_refuses():
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register_users(event, 1)
    with pytest.raises(EventFull):
        registration_create(event=event, user=UserFactory())
    assert event.registrations.count() == 1


def test_double_submit_returns_existing_registration():
    event = EventFactory(capacity=5)
    user = UserFactory()
    first = registration_create(event=event, user=user)
    mail.outbox = []
    second = registration_create(event=event, user=user)
    assert second.pk == first.pk
    assert second.was_created is False
    assert mail.outbox == []


def test_integrity_error_from_a_racing_submit_returns_existing(monkeypatch):
    event = EventFactory()
    user = UserFactory()
    first = registration_create(event=event, user=user)
    calls = []
    real_find = services.registration._find_active

    def find_nothing_first(*args, **kwargs):
        calls.append(1)
        return None if len(calls) == 1 else real_find(*args, **kwargs)

    monkeypatch.setattr(services.registration, "_find_active", find_nothing_first)
    again = registration_create(event=event, user=user)
    assert again.pk == first.pk
    assert Registration.objects.filter(event=event).count() == 1


def test_cancelled_person_may_register_again():
    event = EventFactory()
    user = UserFactory()
    registration_cancel(registration=registration_create(event=event, user=user))
    again = registration_create(event=event, user=user)
    assert again.status == Registration.Status.CONFIRMED
    assert event.registrations.count() == 2


def test_cancel_promotes_first_waitlisted_and_closes_gap():
    event = EventFactory(capacity=1)
    holder, first, second = register_users(event, 3)
    mail.outbox = []
    registration_cancel(registration=holder)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert first.promoted_at is not None
    assert (second.status, second.waitlist_position) == (Registration.Status.WAITLISTED, 1)
    [promotion] = mails_to(first.email)
    assert first.ticket_code in promotion.body
    assert promotion.attachments[0][0] == "event.ics"
    assert len(mails_to(holder.email)) == 1  # cancellation confirmation


def test_cancel_of_waitlisted_moves_people_behind_up():
    event = EventFactory(capacity=1)
    _, first, second, third = register_users(event, 4)
    registration_cancel(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.waitlist_position, third.waitlist_position) == (1, 2)
    assert Registration.objects.confirmed().filter(event=event).count() == 1


def test_cancel_twice_changes_nothing():
    event = EventFactory(capacity=1)
    holder, waiting = register_users(event, 2)
    registration_cancel(registration=holder)
    registration_cancel(registration=holder)
    assert Registration.objects.confirmed().filter(event=event).get() == waiting


def test_guest_counts_only_after_confirming():
    event = EventFactory(capacity=1)
    guest = registration_create(event=event, name="Gast Eins", email="gast@example.org")
    assert guest.status == Registration.Status.PENDING
    [opt_in] = mails_to("gast@example.org")
    assert "/confirm/" in opt_in.body
    member = registration_create(event=event, user=UserFactory())
    assert member.status == Registration.Status.CONFIRMED  # the pending guest held no seat
    guest = registration_confirm_email(registration=guest)
    assert (guest.status, guest.waitlist_position) == (Registration.Status.WAITLISTED, 1)
    assert guest.email_confirmed_at is not None


def test_guest_same_email_twice_is_one_registration_case_insensitive():
    event = EventFactory()
    first = registration_create(event=event, name="A", email="Gast@Example.org")
    second = registration_create(event=event, name="A", email="gast@example.org")
    assert first.pk == second.pk


def test_guest_asking_again_gets_a_fresh_link_at_most_every_ten_minutes():
    event = EventFactory()
    first = registration_create(event=event, name="Gast", email="g@example.org")
    registration_create(event=event, name="Gast", email="g@example.org")
    assert len(mails_to("g@example.org")) == 1
    Registration.objects.filter(pk=first.pk).update(updated_at=timezone.now() - timedelta(minutes=11))
    again = registration_create(event=event, name="Gast", email="g@example.org")
    assert again.pk == first.pk
    assert len(mails_to("g@example.org")) == 2


def test_user_registering_with_the_address_of_a_pending_guest_takes_it_over():
    event = EventFactory(capacity=3)
    user = UserFactory(email="selbst@example.org")
    guest = registration_create(event=event, name="Gast", email="Selbst@example.org")
    registration = registration_create(event=event, user=user)
    assert registration.pk == guest.pk and registration.user == user


def test_guest_confirm_twice_keeps_the_seat():
    event = EventFactory(capacity=3)
    guest = registration_create(event=event, name="Gast", email="g@example.org")
    registration_confirm_email(registration=guest)
    again = registration_confirm_email(registration=guest)
    assert again.status == Registration.Status.CONFIRMED
    assert Registration.objects.confirmed().filter(event=event).count() == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"status": Event.Status.DRAFT},
        {"status": Event.Status.CANCELLED},
        {"registration_enabled": False},
        {"registration_opens_at": timezone.now() + timedelta(days=1)},
        {"registration_closes_at": timezone.now() - timedelta(hours=1)},
        {"starts_at": timezone.now() - timedelta(hours=1)},
    ],
)
def test_registration_refused_when_not_open(changes):
    event = EventFactory(**changes)
    with pytest.raises(RegistrationClosed):
        registration_create(event=event, user=UserFactory())


def test_invite_only_needs_the_code():
    event = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    with pytest.raises(InvitationRequired):
        registration_create(event=event, user=UserFactory(), invite_code="wrong")
    registration = registration_create(event=event, user=UserFactory(), invite_code=event.invite_code)
    assert registration.is_confirmed


def test_staff_promote_exceeds_capacity_and_renumbers():
    event = EventFactory(capacity=1)
    _, first, second = register_users(event, 3)
    registration_promote(registration=second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert first.waitlist_position == 1
    assert Registration.objects.confirmed().filter(event=event).count() == 2


def test_event_cancel_mails_every_registrant_once():
    event = EventFactory(capacity=1)
    confirmed, waiting = register_users(event, 2)
    guest = registration_create(event=event, name="Gast", email="g@example.org")
    mail.outbox = []
    assert event_cancel(event=event) == 3
    assert event_cancel(event=event) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed.email, waiting.email, guest.email])
    event.refresh_from_db()
    assert event.is_cancelled
    with pytest.raises(RegistrationClosed):
        registration_create(event=event, user=UserFactory())


def test_cancelling_a_seat_of_a_cancelled_event_promotes_nobody():
    event = EventFactory(capacity=1)
    holder, waiting = register_users(event, 2)
    event_cancel(event=event)
    registration_cancel(registration=holder)
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED


def test_lock_timeout_becomes_registration_busy(monkeypatch):
    event = EventFactory()

    def locked(event_id):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(services.locking, "lock_event", locked)
    with pytest.raises(RegistrationBusy):
        registration_create(event=event, user=UserFactory())
    assert not Registration.objects.exists()


def test_unlimited_event_never_waitlists():
    event = EventFactory(capacity=None)
    assert all(r.is_confirmed for r in register_users(event, 5))


def test_raising_capacity_fills_new_seats_from_the_waitlist():
    from events.services import event_waitlist_fill

    event = EventFactory(capacity=1)
    _, first, second, third = register_users(event, 4)
    Event.objects.filter(pk=event.pk).update(capacity=3)
    assert event_waitlist_fill(event=event) == 2
    for registration in (first, second, third):
        registration.refresh_from_db()
    assert first.is_confirmed and second.is_confirmed
    assert (third.status, third.waitlist_position) == (Registration.Status.WAITLISTED, 1)


def test_user_registering_takes_over_pending_guest_registration_under_their_address():
    event = EventFactory(capacity=5)
    user = UserFactory(first_name="Ada", last_name="Lovelace", language="en")
    guest = registration_create(
        event=event,
        name="Someone Else",
        email=user.email.upper(),
        company="Other Company",
        listed_publicly=True,
    )
    assert guest.status == Registration.Status.PENDING
    mail.outbox = []
    registration = registration_create(event=event, user=user, company="Own Company", listed_publicly=False)
    registration.refresh_from_db()
    assert registration.pk == guest.pk
    assert registration.user == user
    assert registration.status == Registration.Status.CONFIRMED
    assert (registration.name, registration.email) == ("Ada Lovelace", user.email)
    assert (registration.company, registration.listed_publicly) == ("Own Company", False)
    assert registration.email_confirmed_at is not None
    assert registration.language == "en"
    assert len(mails_to(user.email)) == 1


@pytest.mark.parametrize(
    "change",
    [
        {"status": Event.Status.DRAFT},
        {"registration_enabled": False},
        {"registration_closes_at": "past"},
        {"status": Event.Status.CANCELLED},
    ],
)
def test_guest_cannot_confirm_once_registration_is_no_longer_open(change):
    event = EventFactory(capacity=5)
    guest = registration_create(event=event, name="Gast", email="gast@example.org")
    for field, value in change.items():
        setattr(event, field, timezone.now() - timedelta(minutes=1) if value == "past" else value)
    event.save()
    mail.outbox = []
    with pytest.raises(RegistrationClosed):
        registration_confirm_email(registration=guest)
    guest.refresh_from_db()
    assert guest.status == Registration.Status.PENDING
    assert mail.outbox == []


def test_newcomer_does_not_jump_the_waitlist_when_a_seat_is_free():
    event = EventFactory(capacity=1)
    holder, waiting = register_users(event, 2)
    Event.objects.filter(pk=event.pk).update(capacity=2)  # raised without filling the waitlist (e.g. busy lock)
    event.refresh_from_db()
    newcomer = registration_create(event=event, user=UserFactory())
    waiting.refresh_from_db()
    assert waiting.is_confirmed and waiting.promoted_at is not None
    assert (newcomer.status, newcomer.waitlist_position) == (Registration.Status.WAITLISTED, 1)
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 2


def test_confirming_guest_does_not_jump_the_waitlist():
    event = EventFactory(capacity=1)
    guest = registration_create(event=event, name="Gast", email="gast@example.org")
    holder, waiting = register_users(event, 2)
    Event.objects.filter(pk=event.pk).update(capacity=3)
    guest = registration_confirm_email(registration=guest)
    waiting.refresh_from_db()
    assert waiting.is_confirmed
    assert guest.is_confirmed  # two new seats: the waiting person first, then the guest
