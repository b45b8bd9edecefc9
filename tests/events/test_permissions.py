"""Hub managers manage only their own hubs' events; agency staff manage all of them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import Event, Registration, Speaker
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    HubFactory,
    RegistrationFactory,
    SpeakerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def grant(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="events", codename__in=codenames))
    return type(user).objects.get(pk=user.pk)  # a fresh object: permissions are cached per instance


@pytest.fixture
def berlin():
    return HubFactory(name="Berlin-Hub")


@pytest.fixture
def hamburg():
    return HubFactory(name="Hamburg-Hub")


@pytest.fixture
def berlin_manager(berlin):
    manager = UserFactory(is_staff=True)
    berlin.managers.add(manager)
    return grant(manager, "view_event", "change_event", "view_registration", "change_registration")


def secret_event(hub, **kwargs):
    return EventFactory(hub=hub, visibility=Event.Visibility.INVITE_ONLY, **kwargs)


def test_for_staff_gives_agency_staff_everything_and_managers_their_hubs(berlin, hamburg, berlin_manager):
    own = EventFactory(hub=berlin, status=Event.Status.DRAFT)
    foreign = EventFactory(hub=hamburg)
    agency_event = EventFactory(hub=None)
    assert list(Event.objects.for_staff(berlin_manager)) == [own]
    assert set(Event.objects.for_staff(UserFactory(is_staff=True, is_superuser=True))) == {own, foreign, agency_event}
    agency_person = grant(UserFactory(is_staff=True), "change_event")
    assert set(Event.objects.for_staff(agency_person)) == {own, foreign, agency_event}
    assert not Event.objects.for_staff(UserFactory()).exists()
    assert not Event.objects.for_staff(UserFactory(is_staff=True)).exists()


def test_other_hubs_manager_cannot_check_in(client, hamburg, berlin_manager):
    event = EventFactory(hub=hamburg)
    registration = RegistrationFactory(event=event)
    client.force_login(berlin_manager)
    url = reverse("events:event_checkin", args=[event.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": registration.ticket_code}).status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_own_hubs_manager_checks_in_with_the_permission(client, berlin, berlin_manager):
    event = EventFactory(hub=berlin)
    registration = RegistrationFactory(event=event)
    client.force_login(berlin_manager)
    response = client.post(reverse("events:event_checkin", args=[event.slug]), {"code": registration.ticket_code})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.checked_in_at is not None


def test_check_in_needs_the_change_registration_permission(client, berlin):
    manager = UserFactory(is_staff=True)
    berlin.managers.add(manager)
    event = EventFactory(hub=berlin)
    client.force_login(manager)
    assert client.get(reverse("events:event_checkin", args=[event.slug])).status_code == 403


def test_other_hubs_manager_cannot_preview_drafts_or_bypass_invitations(client, hamburg, berlin_manager):
    draft = EventFactory(hub=hamburg, status=Event.Status.DRAFT)
    secret = secret_event(hamburg)
    client.force_login(berlin_manager)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert client.get(reverse("events:registration_create", args=[secret.slug])).status_code == 404
    assert client.get(reverse("events:event_ics", args=[draft.slug])).status_code == 404


def test_other_hubs_manager_does_not_see_participants(client, hamburg, berlin_manager):
    event = EventFactory(hub=hamburg)
    RegistrationFactory(event=event, name="Listed Person", listed_publicly=True)
    client.force_login(berlin_manager)
    response = client.get(event.get_absolute_url())
    assert "participants" not in response.context


def test_own_hubs_manager_previews_draft_and_invite_only_and_sees_participants(client, berlin, berlin_manager):
    draft = EventFactory(hub=berlin, status=Event.Status.DRAFT)
    secret = secret_event(berlin)
    listed = RegistrationFactory(event=secret, name="Listed Person", listed_publicly=True)
    client.force_login(berlin_manager)
    assert client.get(draft.get_absolute_url()).status_code == 200
    response = client.get(secret.get_absolute_url())
    assert response.status_code == 200
    assert list(response.context["participants"]) == [listed]


def test_admin_shows_hub_manager_only_their_hubs_events_and_registrations(client, berlin, hamburg, berlin_manager):
    own = EventFactory(hub=berlin)
    foreign = EventFactory(hub=hamburg)
    own_registration = RegistrationFactory(event=own)
    foreign_registration = RegistrationFactory(event=foreign)
    client.force_login(berlin_manager)
    response = client.get(reverse("admin:events_event_changelist"))
    assert list(response.context["cl"].result_list) == [own]
    response = client.get(reverse("admin:events_registration_changelist"))
    assert list(response.context["cl"].result_list) == [own_registration]
    assert client.get(reverse("admin:events_event_change", args=[foreign.pk])).status_code in (302, 404)
    change_url = reverse("admin:events_registration_change", args=[foreign_registration.pk])
    assert client.get(change_url).status_code in (302, 404)
    assert client.get(reverse("admin:events_event_change", args=[own.pk])).status_code == 200


def test_admin_hub_choices_for_hub_manager_are_their_hubs(client, berlin, hamburg, berlin_manager):
    client.force_login(grant(berlin_manager, "add_event"))
    form = client.get(reverse("admin:events_event_add")).context["adminform"].form
    assert list(form.fields["hub"].queryset) == [berlin]
    assert form.fields["hub"].required


def test_admin_shows_agency_staff_all_events(client, staff_user, berlin, hamburg):
    events = [EventFactory(hub=berlin), EventFactory(hub=hamburg), EventFactory(hub=None)]
    RegistrationFactory(event=events[1], status=Registration.Status.CONFIRMED)
    client.force_login(staff_user)
    response = client.get(reverse("admin:events_event_changelist"))
    assert set(response.context["cl"].result_list) == set(events)


def speaker_at(event, name):
    speaker = SpeakerFactory(name=name)
    AgendaItemFactory(event=event).speakers.add(speaker)
    return speaker


@pytest.fixture
def speakers(berlin, hamburg):
    """A speaker of a Berlin event, of a Hamburg event, of both, and one on no agenda item yet."""
    own = speaker_at(EventFactory(hub=berlin), "Berlin")
    foreign = speaker_at(EventFactory(hub=hamburg), "Hamburg")
    shared = speaker_at(EventFactory(hub=hamburg), "Beide")
    AgendaItemFactory(event=EventFactory(hub=berlin)).speakers.add(shared)
    new = SpeakerFactory(name="Neu")
    return {"own": own, "foreign": foreign, "shared": shared, "new": new}


def test_admin_shows_hub_manager_only_speakers_of_their_hubs_events(client, berlin_manager, speakers):
    manager = grant(berlin_manager, "view_speaker", "change_speaker")
    client.force_login(manager)
    response = client.get(reverse("admin:events_speaker_changelist"))
    assert [s.name for s in response.context["cl"].result_list] == ["Beide", "Berlin", "Neu"]
    foreign = speakers["foreign"]
    change_url = reverse("admin:events_speaker_change", args=[foreign.pk])
    assert client.get(change_url).status_code == 404
    assert client.post(change_url, {"name": "Geändert"}).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Hamburg"
    assert client.get(reverse("admin:events_speaker_history", args=[foreign.pk])).status_code == 404
    own_url = reverse("admin:events_speaker_change", args=[speakers["own"].pk])
    assert client.post(own_url, {"name": "Berlin neu"}).status_code == 302
    assert Speaker.objects.filter(name="Berlin neu").exists()


def test_hub_manager_cannot_put_another_hubs_speaker_on_their_agenda(client, berlin, berlin_manager, speakers):
    manager = grant(berlin_manager, "view_speaker", "view_agendaitem", "change_agendaitem", "add_agendaitem")
    client.force_login(manager)
    event = EventFactory(hub=berlin)
    form = client.get(reverse("admin:events_event_change", args=[event.pk])).context["inline_admin_formsets"][0]
    field = form.formset.empty_form.fields["speakers"]
    assert set(field.queryset) == {speakers["own"], speakers["shared"], speakers["new"]}
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "agendaitem", "field_name": "speakers", "term": ""},
    )
    assert {r["id"] for r in autocomplete.json()["results"]} == {str(field.pk) for field in field.queryset}


def test_admin_shows_agency_staff_all_speakers(client, staff_user, speakers):
    client.force_login(staff_user)
    response = client.get(reverse("admin:events_speaker_changelist"))
    assert set(response.context["cl"].result_list) == set(speakers.values())
    assert client.get(reverse("admin:events_speaker_change", args=[speakers["foreign"].pk])).status_code == 200
