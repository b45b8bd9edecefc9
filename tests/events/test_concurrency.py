"""Capacity under real concurrency: threads with their own PostgreSQL connections."""

import threading
import time
from contextlib import contextmanager
from functools import partial

import pytest
from django.db import OperationalError, connections, transaction

from events import services
from events.models import Event, Registration
from events.services import (
    RegistrationBusy,
    registration_cancel,
    registration_check_in,
    registration_confirm_email,
    registration_create,
)
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

# At most this many threads hold a database connection at once, so the suite stays well below
# the server's max_connections (shared with other test runs); all threads start together.
MAX_CONNECTIONS = 30


@pytest.fixture(autouse=True)
def _patient_locks(monkeypatch):
    """These tests check who gets a seat, not how fast a loaded machine is: waiting for the event
    lock may take longer than the 5 s a visitor is asked to wait (the lock-timeout test sets its own)."""
    monkeypatch.setattr(services.locking, "LOCK_TIMEOUT", "60s")


def run_parallel(calls):
    """Starts one thread per call behind a barrier; returns (results, errors)."""
    barrier = threading.Barrier(len(calls))
    gate = threading.BoundedSemaphore(MAX_CONNECTIONS)
    results, errors = [], []
    lock = threading.Lock()

    def worker(call):
        barrier.wait()
        with gate:
            try:
                result = call()
                with lock:
                    results.append(result)
            except Exception as error:  # collected and asserted on below
                with lock:
                    errors.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=worker, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_200_parallel_registrations_fill_50_seats_and_waitlist_150():
    event = EventFactory(capacity=50)
    users = UserFactory.create_batch(200)
    results, errors = run_parallel([partial(registration_create, event=event, user=user) for user in users])
    assert errors == []
    assert len(results) == 200
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 50
    waitlist = registrations.filter(status=Registration.Status.WAITLISTED)
    assert sorted(waitlist.values_list("waitlist_position", flat=True)) == list(range(1, 151))


def test_10_parallel_submits_by_one_user_make_one_registration():
    event = EventFactory(capacity=5)
    user = UserFactory()
    results, errors = run_parallel([partial(registration_create, event=event, user=user) for _ in range(10)])
    assert errors == []
    assert Registration.objects.filter(event=event).count() == 1
    assert len({r.pk for r in results}) == 1
    assert sum(r.was_created for r in results) == 1


def test_20_parallel_cancellations_promote_20_in_waitlist_order():
    event = EventFactory(capacity=20)
    registrations = [registration_create(event=event, user=user) for user in UserFactory.create_batch(50)]
    holders = [r for r in registrations if r.is_confirmed]
    waiting = sorted((r for r in registrations if r.is_waitlisted), key=lambda r: r.waitlist_position)
    assert len(holders) == 20 and len(waiting) == 30
    results, errors = run_parallel([partial(registration_cancel, registration=r) for r in holders])
    assert errors == []
    promoted = list(Registration.objects.filter(event=event, promoted_at__isnull=False).order_by("promoted_at", "pk"))
    assert [r.pk for r in promoted] == [r.pk for r in waiting[:20]]
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 20
    rest = Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by("waitlist_position")
    assert [(r.pk, r.waitlist_position) for r in rest] == [(r.pk, i) for i, r in enumerate(waiting[20:], start=1)]


def test_lock_timeout_gives_registration_busy_not_an_error(monkeypatch, client):
    event = EventFactory()
    monkeypatch.setattr(services.locking, "LOCK_TIMEOUT", "200ms")
    locked, release = threading.Event(), threading.Event()

    def hold_lock():
        try:
            with transaction.atomic():
                Event.objects.select_for_update().get(pk=event.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    try:
        assert locked.wait(10)
        started = time.monotonic()
        with pytest.raises(RegistrationBusy):
            registration_create(event=event, user=UserFactory())
        assert time.monotonic() - started < 3
        client.force_login(UserFactory())
        response = client.post(f"/de/events/{event.slug}/register/", {})
        assert response.status_code == 503 and response["Retry-After"]
    finally:
        release.set()
        holder.join()
    assert not Registration.objects.filter(event=event).exists()


def test_parallel_guest_confirmations_respect_capacity():
    event = EventFactory(capacity=5)
    guests = [registration_create(event=event, name=f"Gast {i}", email=f"gast{i}@example.org") for i in range(20)]
    results, errors = run_parallel([partial(registration_confirm_email, registration=g) for g in guests])
    assert errors == []
    registrations = Registration.objects.filter(event=event)
    assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 5
    positions = registrations.filter(status=Registration.Status.WAITLISTED).values_list("waitlist_position", flat=True)
    assert sorted(positions) == list(range(1, 16))


def test_parallel_check_ins_of_one_ticket_admit_once():
    registration = registration_create(event=EventFactory(), user=UserFactory())
    results, errors = run_parallel(
        [partial(registration_check_in, event=registration.event, code=registration.ticket_code) for _ in range(10)]
    )
    assert errors == []
    assert sum(result.ok for result in results) == 1


@contextmanager
def check_in_held_open(*, event, code):
    """Checks `code` in at `event` in another thread whose transaction stays open inside the block (its row locks
    held); yields the list that receives the check-in's result."""
    done, release = threading.Event(), threading.Event()
    results = []

    def check_in_and_stay_in_the_transaction():
        try:
            with transaction.atomic():
                results.append(registration_check_in(event=event, code=code))
                done.set()
                release.wait(10)
        finally:
            connections.close_all()

    door_desk = threading.Thread(target=check_in_and_stay_in_the_transaction)
    door_desk.start()
    try:
        assert done.wait(10)
        yield results
    finally:
        release.set()
        door_desk.join()


def test_check_in_with_another_events_ticket_locks_nothing_of_that_event():
    registration = registration_create(event=EventFactory(), user=UserFactory())
    with check_in_held_open(event=EventFactory(), code=registration.ticket_code) as results, transaction.atomic():
        # NOWAIT raises at once if the refused check-in still holds a lock on either row
        Registration.objects.select_for_update(nowait=True).get(pk=registration.pk)
        Event.objects.select_for_update(nowait=True).get(pk=registration.event_id)
    assert [result.ok for result in results] == [False]
    assert results[0].message in (
        "Dieses Ticket gilt nicht für diese Veranstaltung.",
        "This ticket is not for this event.",
    )
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_locks_the_registration_but_not_its_event():
    """Registrations and cancellations lock the event first: a check-in holding the event row as well would make
    them wait on the door desk (and could deadlock with them)."""
    registration = registration_create(event=EventFactory(), user=UserFactory())
    held = check_in_held_open(event=registration.event, code=registration.ticket_code)
    with held as results, transaction.atomic():
        Event.objects.select_for_update(nowait=True).get(pk=registration.event_id)  # free
        with pytest.raises(OperationalError), transaction.atomic():
            Registration.objects.select_for_update(nowait=True).get(pk=registration.pk)  # held by the desk
    assert [result.ok for result in results] == [True]
