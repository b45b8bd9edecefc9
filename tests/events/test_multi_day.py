"""An event over several (Berlin) days shows both dates wherever it says when, and its agenda by day."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from events.models import Event
from events.services import registration_create
from tests.factories import AgendaItemFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def at(day, hour, minute=0):
    return datetime.datetime(2030, 12, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def two_days():
    event = EventFactory(starts_at=at(11, 10), ends_at=at(12, 18))
    AgendaItemFactory(event=event, starts_at=at(11, 10), title="Eröffnung Tag 1")
    AgendaItemFactory(event=event, starts_at=at(12, 10), title="Eröffnung Tag 2")
    return event


@pytest.mark.parametrize(
    ("language", "day_1", "day_2", "ten"),
    [
        ("de", "Mittwoch, 11. Dezember 2030", "Donnerstag, 12. Dezember 2030", "10:00"),
        ("en", "Wednesday, Dec. 11, 2030", "Thursday, Dec. 12, 2030", "10 a.m."),
    ],
)
def test_agenda_of_a_multi_day_event_is_grouped_by_day(client, two_days, language, day_1, day_2, ten):
    html = client.get(f"/{language}/events/{two_days.slug}/").content.decode()
    agenda = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.split('class="agenda-day"', 1)[1]))
    assert re.search(f"{day_1} {ten} Eröffnung Tag 1 {day_2} {ten} Eröffnung Tag 2", agenda), agenda
    assert html.count('class="agenda-day"') == 2


def test_agenda_of_a_one_day_event_has_no_day_headings(client):
    # 00:30 to 02:00 in Berlin is one day there, though it starts on the previous day in UTC.
    event = EventFactory(starts_at=at(11, 0, 30), ends_at=at(11, 2))
    AgendaItemFactory(event=event, starts_at=at(11, 0, 30), title="Nachtprogramm")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "Nachtprogramm" in html and "agenda-day" not in html and "Mittwoch" not in html.split(">Programm<")[1]


@pytest.mark.parametrize(
    ("language", "when"),
    [
        ("de", "Wann: 11. Dezember 2030 10:00 – 12. Dezember 2030 18:00 (Berliner Zeit)"),
        ("en", "When: Dec. 11, 2030, 10 a.m. – Dec. 12, 2030, 6 p.m. (Berlin time)"),
    ],
)
def test_mail_of_a_multi_day_event_gives_both_dates(two_days, language, when):
    registration_create(event=two_days, user=UserFactory(language=language))
    assert when in mail.outbox[-1].body


def test_mail_of_a_one_day_event_gives_the_end_time_only():
    event = EventFactory(starts_at=at(11, 10), ends_at=at(11, 18))
    registration_create(event=event, user=UserFactory())
    assert "Wann: 11. Dezember 2030 10:00 – 18:00 (Berliner Zeit)" in mail.outbox[-1].body


def test_mail_of_a_multi_day_event_with_dates_only_gives_both_dates():
    event = EventFactory(starts_at=at(11, 0), ends_at=at(13, 0), date_precision=Event.DatePrecision.DAY)
    registration_create(event=event, user=UserFactory())
    assert "Wann: 11. Dezember 2030 – 13. Dezember 2030\n" in mail.outbox[-1].body


def test_mail_of_a_month_only_event_gives_the_month():
    event = EventFactory(starts_at=at(1, 0), ends_at=at(31, 0), date_precision=Event.DatePrecision.MONTH)
    registration_create(event=event, user=UserFactory())
    assert "Wann: Dezember 2030\n" in mail.outbox[-1].body


@pytest.mark.parametrize("url", ["/de/events/", "{detail}", "{ticket}"])
def test_pages_give_both_dates_of_a_multi_day_event(client, two_days, url):
    user = UserFactory()
    registration = registration_create(event=two_days, user=user)
    client.force_login(user)
    url = url.format(detail=two_days.get_absolute_url(), ticket=registration.get_absolute_url())
    html = re.sub(r"<[^>]+>", "", client.get(url).content.decode())
    assert "11. Dezember 2030, 10:00 – 12. Dezember 2030, 18:00" in html
