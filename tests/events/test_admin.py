import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse

from events.models import Event, Registration
from events.services import registration_create
from tests.factories import AgendaItemFactory, EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize("model", ["event", "registration", "speaker"])
def test_changelists_render_with_constant_queries(admin_client, model, django_assert_max_num_queries):
    url = reverse(f"admin:events_{model}_changelist")
    RegistrationFactory()
    with django_assert_max_num_queries(20) as few:
        assert admin_client.get(url).status_code == 200
    for _ in range(5):
        RegistrationFactory(event=EventFactory())
    with django_assert_max_num_queries(20) as many:
        assert admin_client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


def test_registration_changelist_filters_by_status(admin_client):
    RegistrationFactory(name="Person Alpha")
    waiting = RegistrationFactory(name="Person Omega", status=Registration.Status.WAITLISTED, waitlist_position=1)
    response = admin_client.get(reverse("admin:events_registration_changelist") + "?status__exact=waitlisted")
    assert list(response.context["cl"].result_list) == [waiting]


def test_event_change_page_with_inlines(admin_client):
    event = EventFactory()
    AgendaItemFactory(event=event, title="Eröffnung")
    RegistrationFactory(event=event, name="Anna Inline")
    html = admin_client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert "Eröffnung" in html and "Anna Inline" in html


def test_cancel_event_action_mails_everyone(admin_client):
    event = EventFactory(capacity=1)
    registration_create(event=event, user=UserFactory())
    registration_create(event=event, user=UserFactory())
    mail.outbox = []
    admin_client.post(
        reverse("admin:events_event_changelist"), {"action": "cancel_events", "_selected_action": [event.pk]}
    )
    event.refresh_from_db()
    assert event.is_cancelled
    assert len(mail.outbox) == 2


def test_attendee_csv_export(admin_client):
    event = EventFactory()
    RegistrationFactory(event=event, name="=HYPERLINK()", company="ACME")
    response = admin_client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [event.pk]}
    )
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1] == "'=HYPERLINK()" and rows[1][3] == "ACME"


def test_attendee_csv_gives_berlin_times_consent_and_language(admin_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Anna Liste", listed_publicly=True, language="en")
    Registration.objects.filter(pk=registration.pk).update(
        checked_in_at=datetime.datetime(2026, 12, 3, 9, 27, 1, 48, tzinfo=datetime.UTC),
        created_at=datetime.datetime(2026, 7, 1, 8, 0, 30, tzinfo=datetime.UTC),
    )
    RegistrationFactory(event=event, name="Ben Still", listed_publicly=False, language="de")
    response = admin_client.post(
        reverse("admin:events_event_changelist"), {"action": "export_attendees", "_selected_action": [event.pk]}
    )
    rows = {row["Name"]: row for row in csv.DictReader(io.StringIO(response.getvalue().decode("utf-8-sig")))}
    listed, unlisted = rows["Anna Liste"], rows["Ben Still"]
    assert listed["eingelassen"] == "2026-12-03 10:27:01"
    assert listed["erstellt"] == "2026-07-01 10:00:30"
    assert listed["erscheint auf der Teilnehmendenliste"] == "Ja"
    assert unlisted["erscheint auf der Teilnehmendenliste"] == "Nein"
    assert (listed["Sprache"], unlisted["Sprache"]) == ("Englisch", "Deutsch")
    assert unlisted["eingelassen"] == ""


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1+1", "@SUM(A1)", "%1", "\t=1+1", "\r=1+1"])
def test_csv_export_defuses_every_formula_start(value):
    from events.admin import attendees_csv

    registration = RegistrationFactory(company=value, dietary_needs=value)
    response = attendees_csv([registration], "x.csv")
    [header, row] = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert row[3] == row[6] == "'" + value
    assert row[5] == ""  # an empty cell stays empty


def test_promote_and_cancel_actions_call_services(admin_client):
    event = EventFactory(capacity=1)
    holder = registration_create(event=event, user=UserFactory())
    first = registration_create(event=event, user=UserFactory())
    second = registration_create(event=event, user=UserFactory())
    url = reverse("admin:events_registration_changelist")
    admin_client.post(url, {"action": "promote", "_selected_action": [second.pk]})
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.is_confirmed and first.waitlist_position == 1
    admin_client.post(url, {"action": "cancel", "_selected_action": [holder.pk]})
    holder.refresh_from_db()
    first.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED
    assert first.is_waitlisted  # still two confirmed for one seat: nobody moves up


def test_check_in_page_is_staff_only(client, user):
    event = EventFactory()
    url = reverse("events:event_checkin", args=[event.slug])
    assert client.get(url).status_code == 302
    client.force_login(user)
    assert client.get(url).status_code == 302
    registration = RegistrationFactory(event=event)
    client.post(url, {"code": registration.ticket_code})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_check_in_page_flow(admin_client):
    event = EventFactory()
    registration = RegistrationFactory(event=event, name="Berta Besucherin")
    other = RegistrationFactory(event=EventFactory(title="Nachbarveranstaltung"))
    url = reverse("events:event_checkin", args=[event.slug])
    assert admin_client.get(url).status_code == 200
    ok = admin_client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "Berta Besucherin" in ok and "checkin-ok" in ok
    second = admin_client.post(url, {"code": registration.ticket_code}).content.decode()
    assert "checkin-refused" in second
    wrong = admin_client.post(url, {"code": other.ticket_code}).content.decode()
    assert "checkin-refused" in wrong and "Dieses Ticket gilt nicht für diese Veranstaltung." in wrong
    assert Event.objects.get(pk=event.pk).registrations.get().checked_in_at is not None


def test_check_in_page_shows_nothing_of_another_events_registration(admin_client):
    event = EventFactory()
    other = RegistrationFactory(
        event=EventFactory(title="Nachbarveranstaltung"),
        name="Greta Geheim",
        email="greta@example.org",
        company="Geheim GmbH",
    )
    response = admin_client.post(reverse("events:event_checkin", args=[event.slug]), {"code": other.ticket_code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "checkin-refused" in page and "Dieses Ticket gilt nicht für diese Veranstaltung." in page
    for secret in ("Greta Geheim", "greta@example.org", "Geheim GmbH", "Nachbarveranstaltung"):
        assert secret not in page
    assert 'class="facts"' not in page
    other.refresh_from_db()
    assert other.checked_in_at is None


def test_raising_capacity_in_admin_moves_people_up(admin_client):
    event = EventFactory(capacity=1)
    registration_create(event=event, user=UserFactory())
    waiting = registration_create(event=event, user=UserFactory())
    url = reverse("admin:events_event_change", args=[event.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k not in ("topics", "image")}
    data |= {
        "capacity": 2,
        "starts_at_0": event.starts_at.astimezone().strftime("%d.%m.%Y"),
        "starts_at_1": event.starts_at.astimezone().strftime("%H:%M:%S"),
        "ends_at_0": event.ends_at.astimezone().strftime("%d.%m.%Y"),
        "ends_at_1": event.ends_at.astimezone().strftime("%H:%M:%S"),
        "agenda_items-TOTAL_FORMS": 0,
        "agenda_items-INITIAL_FORMS": 0,
        "registrations-TOTAL_FORMS": 2,
        "registrations-INITIAL_FORMS": 2,
        "registrations-0-id": event.registrations.order_by("pk")[0].pk,
        "registrations-0-event": event.pk,
        "registrations-1-id": waiting.pk,
        "registrations-1-event": event.pk,
    }
    data.pop("starts_at", None)
    data.pop("ends_at", None)
    for key in ("registration_opens_at", "registration_closes_at"):
        data.pop(key, None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    waiting.refresh_from_db()
    assert waiting.is_confirmed


def test_registration_csv_action_defuses_a_dde_payload_and_keeps_plain_numbers(admin_client):
    registration = RegistrationFactory(name="@SUM(A1)", company="=cmd|' /C calc'!A0", dietary_needs="-2")
    response = admin_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )
    assert response.streaming and response["Content-Disposition"] == 'attachment; filename="registrations.csv"'
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")
    [header, row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[1] == "Name"
    assert (row[1], row[3], row[6]) == ("'@SUM(A1)", "'=cmd\\|' /C calc'!A0", "-2")
