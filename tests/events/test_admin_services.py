"""The events admin goes through the services: no direct cancelling, no duplicate addresses, no 500 when busy."""

from types import SimpleNamespace

import pytest
from django.contrib import messages
from django.contrib.admin.sites import site
from django.contrib.messages.storage.fallback import FallbackStorage
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from events import activity, services
from events.models import Event, Registration
from events.services import registration_create
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def lock_busy(monkeypatch):
    def locked(event_id):
        raise OperationalError("canceling statement due to lock timeout")

    monkeypatch.setattr(services.locking, "lock_event", locked)


def test_event_form_offers_no_cancelled_status(admin_client):
    form = admin_client.get(reverse("admin:events_event_add")).context["adminform"].form
    assert Event.Status.CANCELLED not in [value for value, label in form.fields["status"].choices]
    assert Event.Status.PUBLISHED in [value for value, label in form.fields["status"].choices]


def test_cancelled_event_status_is_read_only(admin_client):
    event = EventFactory(status=Event.Status.CANCELLED)
    form = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    assert "status" not in form.fields


def registration_form_data(admin_client, registration, **changes):
    response = admin_client.get(reverse("admin:events_registration_change", args=[registration.pk]))
    form = response.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.update(changes)
    return data


def test_changing_registration_email_to_another_active_address_is_a_form_error(admin_client):
    event = EventFactory()
    taken = RegistrationFactory(event=event, user=None, email="taken@example.org", name="Taken")
    other = RegistrationFactory(event=event, user=None, email="other@example.org", name="Other")
    url = reverse("admin:events_registration_change", args=[other.pk])
    response = admin_client.post(url, registration_form_data(admin_client, other, email="TAKEN@example.org"))
    assert response.status_code == 200
    assert "email" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.email == "other@example.org"
    assert taken.email == "taken@example.org"


def test_changing_registration_email_to_a_free_address_works(admin_client):
    registration = RegistrationFactory(user=None, email="old@example.org")
    RegistrationFactory(user=None, email="new@example.org", status=Registration.Status.CANCELLED)
    url = reverse("admin:events_registration_change", args=[registration.pk])
    response = admin_client.post(url, registration_form_data(admin_client, registration, email="new@example.org"))
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.email == "new@example.org"


def test_cancel_action_with_busy_lock_shows_error_message(admin_client, monkeypatch):
    event = EventFactory()
    lock_busy(monkeypatch)
    response = admin_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel_events", "_selected_action": [event.pk]},
        follow=True,
    )
    assert response.status_code == 200
    shown = list(response.context["messages"])
    assert [m.level for m in shown] == [messages.WARNING]  # bulk_action: the refusal with its reason
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        busy = str(services.RegistrationBusy.message)
    assert event.title in shown[0].message and busy in shown[0].message
    event.refresh_from_db()
    assert not event.is_cancelled


def test_capacity_change_with_busy_lock_shows_error_message(staff_user, monkeypatch):
    event = EventFactory(capacity=1)
    registration_create(event=event, user=UserFactory())
    registration_create(event=event, user=UserFactory())
    request = RequestFactory().post("/")
    request.user = staff_user
    request.session = {}
    request._messages = FallbackStorage(request)
    event.capacity = 2
    lock_busy(monkeypatch)
    form = SimpleNamespace(changed_data=["capacity"], cleaned_data={})
    site._registry[Event].save_model(request, event, form, change=True)
    assert [m.level for m in request._messages] == [messages.ERROR]
    entry = Activity.objects.of(event).get()  # the change itself is kept and logged
    assert (entry.action, entry.actor, entry.data) == (
        activity.EVENT_CHANGED,
        staff_user,
        {"fields": ["capacity"], "informed": 0},
    )


def test_admin_writes_to_events_and_registrations_are_logged_by_the_services(admin_client):
    event = EventFactory(capacity=1)
    first = registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())
    assert waiting.status == Registration.Status.WAITLISTED
    changelist = reverse("admin:events_registration_changelist")
    admin_client.post(changelist, {"action": "promote", "_selected_action": [waiting.pk]})
    admin_client.post(changelist, {"action": "cancel", "_selected_action": [first.pk]})
    admin_client.post(
        reverse("admin:events_event_changelist"), {"action": "cancel_events", "_selected_action": [event.pk]}
    )
    staff = admin_client.session["_auth_user_id"]
    logged = {(entry.action, str(entry.actor_id)) for entry in Activity.objects.all()}
    assert logged == {
        (activity.REGISTRATION_PROMOTED, staff),
        (activity.REGISTRATION_CANCELLED, staff),
        (activity.EVENT_CANCELLED, staff),
    }
    assert Activity.objects.of(event).get().data == {"mails": 1}  # only the promoted person was still registered


def test_a_registration_changed_in_the_admin_is_logged_with_its_fields(admin_client):
    registration = RegistrationFactory(user=None, email="old@example.org")
    url = reverse("admin:events_registration_change", args=[registration.pk])
    admin_client.post(url, registration_form_data(admin_client, registration, email="new@example.org"))
    entry = Activity.objects.of(registration).get()
    assert entry.action == activity.REGISTRATION_CHANGED and entry.data == {"fields": ["email"]}
    with translation.override("en"):
        assert lines([entry])[0].text == "Changed: email"
    with translation.override("de"):
        assert lines([entry])[0].label == "Anmeldung geändert"
