import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import Event, Registration
from events.services import InvitationRequired, RegistrationBusy, registration_create
from tests.factories import (
    AgendaItemFactory,
    EventFactory,
    HubFactory,
    RegistrationFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LIST_URL = "/de/events/"


def titles(response):
    return [event.title for event in response.context["events"]]


def test_list_shows_upcoming_public_events_only(client):
    now = timezone.now()
    EventFactory(title="Kommend")
    EventFactory(title="Vorbei", starts_at=now - timedelta(days=3), ends_at=now - timedelta(days=3, hours=-2))
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)
    EventFactory(title="Geheim", visibility=Event.Visibility.INVITE_ONLY)
    response = client.get(LIST_URL)
    assert titles(response) == ["Kommend"]
    archive = client.get(reverse("events:event_archive"))
    assert titles(archive) == ["Vorbei"]


def test_list_empty_state(client):
    response = client.get(LIST_URL)
    assert "No upcoming events match" in response.content.decode() or "Keine" in response.content.decode()


def test_list_filters(client):
    hub = HubFactory(slug="hafen")
    topic = TopicFactory(slug="logistik")
    other_topic = TopicFactory()
    soon = timezone.now() + timedelta(days=2)
    EventFactory(
        title="Treffer",
        hub=hub,
        topics=[topic, other_topic],
        type=Event.Type.WORKSHOP,
        format=Event.Format.ONLINE,
        language=Event.Language.BOTH,
        starts_at=soon,
        ends_at=soon + timedelta(hours=1),
    )
    EventFactory(title="Anderer Hub", topics=[topic], type=Event.Type.WORKSHOP)
    EventFactory(title="Spaeter", hub=hub, starts_at=soon + timedelta(days=40), ends_at=soon + timedelta(days=40))
    assert titles(client.get(LIST_URL, {"hub": "hafen"})) == ["Treffer", "Spaeter"]
    assert titles(client.get(LIST_URL, {"topic": "logistik"})) == ["Treffer", "Anderer Hub"]
    assert titles(client.get(LIST_URL, {"type": "workshop", "format": "online"})) == ["Treffer"]
    assert titles(client.get(LIST_URL, {"language": "en"})) == ["Treffer"]
    until = (soon + timedelta(days=10)).date().isoformat()
    assert titles(client.get(LIST_URL, {"hub": "hafen", "date_to": until})) == ["Treffer"]
    start = (soon + timedelta(days=30)).date().isoformat()
    assert titles(client.get(LIST_URL, {"date_from": start})) == ["Spaeter"]
    assert titles(client.get(LIST_URL, {"q": "treff"})) == ["Treffer"]


def test_topic_filter_does_not_duplicate_rows(client):
    topics = [TopicFactory(), TopicFactory()]
    EventFactory(topics=topics)
    response = client.get(LIST_URL, {"topic": topics[0].slug})
    assert response.context["paginator"].count == 1


def test_free_seat_indicator(client):
    event = EventFactory(capacity=3)
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    full = EventFactory(capacity=1)
    RegistrationFactory(event=full)
    response = client.get(LIST_URL)
    html = response.content.decode()
    assert re.search(r"2 (seats left|Plätze frei)", html)
    assert "waitlist" in html.lower() or "warteliste" in html.lower()


def test_list_query_count_is_constant(client, django_assert_max_num_queries):
    hub = HubFactory(slug="immer")
    topic = TopicFactory(slug="dabei")

    def make(count):
        for _ in range(count):
            event = EventFactory(hub=hub, topics=[topic, TopicFactory()], capacity=10)
            RegistrationFactory(event=event)
            EventFactory(hub=HubFactory(), topics=[TopicFactory()])

    for params in ({}, {"hub": "immer", "topic": "dabei", "q": "Veranstaltung"}):
        make(2)
        with django_assert_max_num_queries(6) as few:
            assert len(client.get(LIST_URL, params).context["events"]) > 1
        make(8)
        with django_assert_max_num_queries(6) as many:
            client.get(LIST_URL, params)
        assert len(many.captured_queries) == len(few.captured_queries)


def test_pagination_keeps_filters(client):
    topic = TopicFactory(slug="viel")
    for _ in range(13):
        EventFactory(topics=[topic])
    response = client.get(LIST_URL, {"topic": "viel"})
    assert "topic=viel&amp;page=2" in response.content.decode()
    assert len(client.get(LIST_URL, {"topic": "viel", "page": 2}).context["events"]) == 1


def test_detail_shows_agenda_speakers_and_jsonld(client):
    event = EventFactory(title="Pitch </script> Night")
    item = AgendaItemFactory(event=event, title="Keynote", room="Saal 1")
    item.speakers.add(SpeakerFactory(name="Ada Beispiel"))
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Keynote" in html and "Saal 1" in html and "Ada Beispiel" in html
    assert '<script type="application/ld+json">' in html
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "\\u003C/script\\u003E" in block


def test_draft_and_invite_only_are_hidden(client, staff_user):
    draft = EventFactory(status=Event.Status.DRAFT)
    secret = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert client.get(secret.get_absolute_url() + "?invite=wrong").status_code == 404
    assert client.get(secret.get_absolute_url() + f"?invite={secret.invite_code}").status_code == 200
    client.force_login(staff_user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_online_link_only_for_confirmed_attendees(client):
    event = EventFactory(format=Event.Format.ONLINE, online_url="https://meet.example.org/geheim", capacity=1)
    holder = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    assert "meet.example.org/geheim" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(waiting.user)
    assert "meet.example.org/geheim" not in client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.org/geheim" not in client.get(waiting.get_absolute_url()).content.decode()
    client.force_login(holder.user)
    assert "meet.example.org/geheim" in client.get(event.get_absolute_url()).content.decode()
    assert "meet.example.org/geheim" in client.get(holder.get_absolute_url()).content.decode()


def test_user_registers_with_one_click_and_sees_ticket(client, user):
    event = EventFactory(capacity=10)
    client.force_login(user)
    response = client.post(reverse("events:registration_create", args=[event.slug]), {"company": "ACME"})
    registration = Registration.objects.get(event=event, user=user)
    assert response.status_code == 302 and response.url == registration.get_absolute_url()
    assert registration.company == "ACME"
    ticket = client.get(registration.get_absolute_url())
    assert registration.ticket_code in ticket.content.decode()
    qr = client.get(reverse("events:registration_qr", args=[registration.ticket_code]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content


def test_invalid_guest_form_keeps_input(client):
    event = EventFactory()
    response = client.post(reverse("events:registration_create", args=[event.slug]), {"name": "Gast", "email": "x"})
    assert response.status_code == 200
    assert 'value="Gast"' in response.content.decode()
    assert not Registration.objects.exists()


def test_guest_double_opt_in_flow(client):
    event = EventFactory(capacity=5)
    response = client.post(
        reverse("events:registration_create", args=[event.slug]), {"name": "Gast Gustav", "email": "gustav@example.org"}
    )
    assert response.status_code == 200
    registration = Registration.objects.get(email="gustav@example.org")
    assert registration.status == Registration.Status.PENDING
    confirm_path = re.search(r"http://[^/]+(/\w\w/events/confirm/\S+/)", mail.outbox[0].body).group(1)
    assert client.get(confirm_path).status_code == 200
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING  # opening the link alone does not confirm
    response = client.post(confirm_path)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    guest_page = client.get(response.url)
    assert registration.ticket_code in guest_page.content.decode()
    qr = client.get(response.url + "qr.svg")
    assert qr.status_code == 200 and b"<svg" in qr.content
    client.post(response.url + "cancel/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_tampered_tokens_are_refused(client):
    registration = RegistrationFactory(user=None, status=Registration.Status.PENDING)
    assert (
        client.get(reverse("events:registration_confirm", args=[f"{registration.ticket_code}:bad"])).status_code == 400
    )
    assert client.get(reverse("events:registration_guest", args=[f"{registration.ticket_code}:bad"])).status_code == 404


def test_other_user_cannot_see_ticket_qr_or_cancel(client):
    registration = RegistrationFactory()
    client.force_login(UserFactory())
    code = registration.ticket_code
    assert client.get(reverse("events:registration_detail", args=[code])).status_code == 404
    assert client.get(reverse("events:registration_qr", args=[code])).status_code == 404
    assert client.post(reverse("events:registration_cancel", args=[code])).status_code == 404
    registration.refresh_from_db()
    assert registration.is_confirmed
    client.logout()
    assert client.get(reverse("events:registration_qr", args=[code])).status_code == 404


def test_owner_cancels_and_waitlisted_person_moves_up(client):
    event = EventFactory(capacity=1)
    holder = registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())
    client.force_login(holder.user)
    assert client.get(reverse("events:registration_cancel", args=[holder.ticket_code])).status_code == 200
    client.post(reverse("events:registration_cancel", args=[holder.ticket_code]))
    waiting.refresh_from_db()
    assert waiting.is_confirmed


def test_busy_database_gives_friendly_503(client, user, monkeypatch):
    event = EventFactory()

    def busy(**kwargs):
        raise RegistrationBusy

    monkeypatch.setattr("events.views.registrations.registration_create", busy)
    client.force_login(user)
    response = client.post(reverse("events:registration_create", args=[event.slug]), {})
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "events/busy.html" in [template.name for template in response.templates]


def test_lock_timeout_in_real_service_gives_503(client, user, monkeypatch):
    from django.db import OperationalError

    def locked(event_id):
        raise OperationalError("lock timeout")

    monkeypatch.setattr(services.locking, "lock_event", locked)
    event = EventFactory()
    client.force_login(user)
    response = client.post(reverse("events:registration_create", args=[event.slug]), {})
    assert response.status_code == 503


def test_full_event_without_waitlist_shows_error_on_form(client, user):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    RegistrationFactory(event=event)
    client.force_login(user)
    response = client.post(reverse("events:registration_create", args=[event.slug]), {})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_invite_only_registration_through_the_link(client, user):
    event = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    client.force_login(user)
    url = reverse("events:registration_create", args=[event.slug])
    assert client.post(url, {}).status_code == 404
    client.post(url, {"invite": event.invite_code})
    assert Registration.objects.filter(event=event, user=user).exists()
    assert client.get(event.get_absolute_url()).status_code == 200  # registrants see it without the code


def test_account_section_lists_registrations_with_waitlist_position(client):
    event = EventFactory(capacity=1, title="Volles Haus")
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    RegistrationFactory(event=EventFactory(title="Fremd"))
    client.force_login(waiting.user)
    html = client.get(reverse("users:account")).content.decode()
    assert "Volles Haus" in html and "Fremd" not in html
    assert re.search(r"(Waitlist position|Wartelistenplatz) 1", html) or "position 1" in html.lower()
    assert reverse("events:registration_cancel", args=[waiting.ticket_code]) in html


def test_account_section_empty_state(client, user):
    client.force_login(user)
    html = client.get(reverse("users:account")).content.decode()
    assert reverse("events:event_list") in html


def test_hub_and_topic_sections_render_upcoming_events():
    from django.template.loader import render_to_string

    hub = HubFactory()
    topic = TopicFactory()
    EventFactory(title="Hub-Abend", hub=hub, topics=[topic])
    EventFactory(title="Entwurf", hub=hub, status=Event.Status.DRAFT)
    hub_html = render_to_string("events/_hub_section.html", {"hub": hub})
    topic_html = render_to_string("events/_topic_section.html", {"topic": topic})
    assert "Hub-Abend" in hub_html and "Entwurf" not in hub_html and f"hub={hub.slug}" in hub_html
    assert "Hub-Abend" in topic_html and f"topic={topic.slug}" in topic_html


def test_participants_list_only_for_confirmed_attendees_and_only_consenting_people(client):
    event = EventFactory(capacity=2)
    listed = RegistrationFactory(event=event, listed_publicly=True, name="Lena Gelistet", company="ACME")
    RegistrationFactory(event=event, name="Uwe Ungelistet")
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_position=1)
    assert "Lena Gelistet" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(waiting.user)
    assert "Lena Gelistet" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(listed.user)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Lena Gelistet" in html and "ACME" in html and "Uwe Ungelistet" not in html


@pytest.mark.parametrize("route", ["events:event_detail", "events:registration_create", "events:event_ics"])
def test_non_ascii_invitation_code_is_a_404_not_a_500(client, route):
    event = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    assert client.get(reverse(route, args=[event.slug]) + "?invite=%C3%A4").status_code == 404


def test_non_ascii_invitation_code_posted_to_the_service_is_refused(user):
    event = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    with pytest.raises(InvitationRequired):
        registration_create(event=event, user=user, invite_code="ä")
