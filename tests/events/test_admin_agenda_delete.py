"""The event admin writes the agenda and deletes events through the services, each with its log entry."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from events import activity
from events.models import AgendaItem, Event
from events.services import EventHasRegistrations, event_delete
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from tests.factories import EventFactory, RegistrationFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


def event_post_data(client, event, agenda: list[dict]) -> dict:
    """The change form of `event` as posted unchanged, with the agenda inline rows `agenda` (initial rows first)."""
    form = client.get(reverse("admin:events_event_change", args=[event.pk])).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("topics", "image")}
    for name in ("starts_at", "ends_at"):
        value = getattr(event, name).astimezone()
        data |= {f"{name}_0": value.strftime("%d.%m.%Y"), f"{name}_1": value.strftime("%H:%M:%S")}
        data.pop(name, None)
    for key in ("registration_opens_at", "registration_closes_at"):
        data.pop(key, None)
    initial = event.agenda_items.count()
    data |= {
        "agenda_items-TOTAL_FORMS": len(agenda),
        "agenda_items-INITIAL_FORMS": initial,
        "registrations-TOTAL_FORMS": 0,
        "registrations-INITIAL_FORMS": 0,
    }
    for index, row in enumerate(agenda):
        data |= {f"agenda_items-{index}-{key}": value for key, value in row.items()}
    return data


def agenda_row(event, title, *, item=None, speakers=(), delete=False) -> dict:
    start = event.starts_at.astimezone() + timedelta(hours=1)
    row = {
        "event": event.pk,
        "title": title,
        "starts_at_0": start.strftime("%d.%m.%Y"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "speakers": [s.pk for s in speakers],
    }
    if item is not None:
        row["id"] = item.pk
    if delete:
        row["DELETE"] = "on"
    return row


def test_the_agenda_inline_saves_through_the_service_and_logs_it(admin_client, staff_user):
    event = EventFactory()
    old = AgendaItem.objects.create(event=event, title="Begrüßung", starts_at=event.starts_at)
    gone = AgendaItem.objects.create(event=event, title="Mittagspause", starts_at=event.starts_at)
    speaker = SpeakerFactory()
    data = event_post_data(
        admin_client,
        event,
        [
            agenda_row(event, "Begrüßung und Einführung", item=old, speakers=[speaker]),
            agenda_row(event, "Mittagspause", item=gone, delete=True),
            agenda_row(event, "Pitches"),
        ],
    )
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    assert sorted(event.agenda_items.values_list("title", flat=True)) == ["Begrüßung und Einführung", "Pitches"]
    assert list(AgendaItem.objects.get(pk=old.pk).speakers.all()) == [speaker]
    entry = Activity.objects.of(event).get(action=activity.AGENDA_CHANGED)
    assert entry.actor == staff_user
    assert entry.data == {"added": ["Pitches"], "changed": ["Begrüßung und Einführung"], "removed": ["Mittagspause"]}
    with translation.override("de"):
        line = lines([entry])[0]
    assert line.label == "Programm geändert"
    assert "Pitches" in line.text and "Mittagspause" in line.text


def test_an_unchanged_agenda_writes_no_log_entry(admin_client):
    event = EventFactory()
    item = AgendaItem.objects.create(event=event, title="Begrüßung", starts_at=event.starts_at + timedelta(hours=1))
    data = event_post_data(admin_client, event, [agenda_row(event, "Begrüßung", item=item)])
    response = admin_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    assert not Activity.objects.of(event).filter(action=activity.AGENDA_CHANGED).exists()


def test_deleting_an_event_in_the_admin_runs_the_service(admin_client, staff_user):
    event = EventFactory(title="Stammtisch")
    AgendaItem.objects.create(event=event, title="Begrüßung", starts_at=event.starts_at)
    url = reverse("admin:events_event_delete", args=[event.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Event.objects.filter(pk=event.pk).exists()
    deleted = Activity.objects.get(action=activity.EVENT_DELETED)
    assert deleted.actor == staff_user and deleted.data["name"] == "Stammtisch"
    assert deleted.data["target_deleted"] is True


def test_an_event_with_registrations_is_not_deleted_but_cancelled(staff_user):
    event = EventFactory()
    RegistrationFactory(event=event)
    with pytest.raises(EventHasRegistrations):
        event_delete(event=event, by=staff_user)
    assert Event.objects.filter(pk=event.pk).exists()
    assert not Activity.objects.filter(action=activity.EVENT_DELETED).exists()


def test_registrations_cannot_be_deleted_in_the_admin(admin_client):
    registration = RegistrationFactory()
    url = reverse("admin:events_registration_delete", args=[registration.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert type(registration).objects.filter(pk=registration.pk).exists()
