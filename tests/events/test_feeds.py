import datetime
import json
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event
from tests.factories import EventFactory, HubFactory, TopicFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_feed_has_stable_uids_berlin_times_and_vtimezone(client):
    start = datetime.datetime(2030, 7, 1, 18, 0, tzinfo=BERLIN)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2), online_url="https://x.example")
    EventFactory(status=Event.Status.DRAFT)
    EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    calendar = parse(client.get(reverse("events:calendar_feed")))
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    [tz] = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Berlin"
    events = by_uid(calendar)
    assert list(events) == [f"event-{event.pk}@hubportal"]
    vevent = events[f"event-{event.pk}@hubportal"]
    dtstart = vevent.decoded("DTSTART")
    assert dtstart == start and dtstart.utcoffset() == datetime.timedelta(hours=2)
    assert vevent["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert vevent.decoded("DTEND") == start + datetime.timedelta(hours=2)
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert "x.example" not in client.get(reverse("events:calendar_feed")).content.decode()
    again = parse(client.get(reverse("events:calendar_feed")))
    assert list(by_uid(again)) == list(events)


def test_the_time_zone_block_covers_the_events_years_and_no_more(client):
    """A calendar that reads only our VTIMEZONE (not its own zone database) must place the events right."""
    for year in (2029, 2031):
        start = datetime.datetime(year, 7, 1, 18, 0, tzinfo=BERLIN)
        EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    [tz] = parse(client.get(reverse("events:calendar_feed"))).walk("VTIMEZONE")
    changes = set()
    for part in tz.subcomponents:
        rdates = part.get("RDATE", [])
        moments = [part.decoded("DTSTART")] + [
            d.dt for r in (rdates if isinstance(rdates, list) else [rdates]) for d in r.dts
        ]
        changes |= {(part.name, moment.year) for moment in moments}
    assert {("DAYLIGHT", year) for year in (2029, 2030, 2031)} <= changes  # summer time of every year in between
    assert {("STANDARD", year) for year in (2028, 2029, 2030, 2031)} <= changes  # and the winter before each
    assert min(year for _name, year in changes) >= 2027 and max(year for _name, year in changes) <= 2033


def test_winter_time_offset(client):
    start = datetime.datetime(2030, 1, 15, 9, 0, tzinfo=BERLIN)
    EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    [vevent] = parse(client.get(reverse("events:calendar_feed"))).walk("VEVENT")
    assert vevent.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)
    assert vevent.decoded("DTSTART").astimezone(datetime.UTC).hour == 8


def test_hub_and_topic_feeds_filter(client):
    hub = HubFactory()
    topic = TopicFactory()
    mine = EventFactory(hub=hub, topics=[topic])
    EventFactory()
    for url in (
        reverse("events:hub_calendar_feed", args=[hub.slug]),
        reverse("events:topic_calendar_feed", args=[topic.slug]),
    ):
        assert list(by_uid(parse(client.get(url)))) == [f"event-{mine.pk}@hubportal"]
    assert client.get(reverse("events:hub_calendar_feed", args=["nope"])).status_code == 404


def test_date_only_event_uses_all_day_dates_and_month_only_is_left_out(client):
    day = EventFactory(
        date_precision=Event.DatePrecision.DAY,
        starts_at=datetime.datetime(2030, 10, 10, tzinfo=BERLIN),
        ends_at=datetime.datetime(2030, 10, 10, 23, 59, tzinfo=BERLIN),
    )
    EventFactory(date_precision=Event.DatePrecision.MONTH)
    [vevent] = parse(client.get(reverse("events:calendar_feed"))).walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{day.pk}@hubportal"
    assert vevent.decoded("DTSTART") == datetime.date(2030, 10, 10)
    assert vevent.decoded("DTEND") == datetime.date(2030, 10, 11)


def test_cancelled_event_stays_in_feed_marked_cancelled(client):
    EventFactory(status=Event.Status.CANCELLED)
    [vevent] = parse(client.get(reverse("events:calendar_feed"))).walk("VEVENT")
    assert str(vevent["STATUS"]) == "CANCELLED"


def test_add_to_calendar_link_downloads_one_event(client):
    event = EventFactory()
    response = client.get(reverse("events:event_ics", args=[event.slug]))
    assert "attachment" in response["Content-Disposition"]
    assert list(by_uid(parse(response))) == [f"event-{event.pk}@hubportal"]
    secret = EventFactory(visibility=Event.Visibility.INVITE_ONLY)
    assert client.get(reverse("events:event_ics", args=[secret.slug])).status_code == 404


def test_rss_and_atom_list_upcoming_events(client):
    EventFactory(title="Bald")
    EventFactory(title="Entwurf", status=Event.Status.DRAFT)
    rss = ET.fromstring(client.get(reverse("events:event_feed_rss")).content)  # noqa: S314 - our own output
    assert [item.findtext("title").split(" (")[0] for item in rss.iter("item")] == ["Bald"]
    atom = ET.fromstring(client.get(reverse("events:event_feed_atom")).content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert [e.findtext("a:title", namespaces=ns).split(" (")[0] for e in atom.findall("a:entry", ns)] == ["Bald"]


def test_jsonld_is_schema_org_event(client):
    event = EventFactory(
        format=Event.Format.HYBRID, online_url="https://meet.example.org/geheim", venue_address="Musterweg 1"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Event" and data["name"] == event.title
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert datetime.datetime.fromisoformat(data["startDate"]) == event.starts_at
    assert "geheim" not in html


@pytest.mark.parametrize(
    ("precision", "start", "end"),
    [
        (Event.DatePrecision.TIME, "2027-03-01T00:00:00+01:00", "2027-03-01T02:00:00+01:00"),
        (Event.DatePrecision.DAY, "2027-03-01", "2027-03-01"),
        (Event.DatePrecision.MONTH, "2027-03", "2027-03"),
    ],
)
def test_jsonld_dates_are_berlin_dates_not_utc(precision, start, end):
    from events.jsonld import event_jsonld

    starts_at = datetime.datetime(2027, 3, 1, 0, 0, tzinfo=BERLIN)  # still 28 February in UTC
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2), date_precision=precision)
    event.refresh_from_db()  # as loaded from the database: in UTC
    data = event_jsonld(event, base_url="https://hubportal.example")
    assert (data["startDate"], data["endDate"]) == (start, end)
