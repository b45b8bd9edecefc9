"""iCalendar (RFC 5545) output: feeds and the `.ics` attachment, built with `icalendar`."""

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from .models import Event

BERLIN = ZoneInfo("Europe/Berlin")
PRODID = "-//Hubportal//Events//DE"


def event_uid(event: Event) -> str:
    """Stable across feed builds and edits, so calendars update the entry instead of duplicating it."""
    return f"event-{event.pk}@hubportal"


def event_component(event: Event, *, online_url: str = "") -> icalendar.Event:
    """One VEVENT; all-day events use DATE values, timed ones Europe/Berlin with a TZID."""
    component = icalendar.Event()
    component.add("uid", event_uid(event))
    component.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")).replace(microsecond=0))
    component.add("last-modified", event.updated_at.astimezone(ZoneInfo("UTC")).replace(microsecond=0))
    component.add("summary", event.title)
    if event.date_precision == Event.DatePrecision.TIME:
        component.add("dtstart", event.starts_at.astimezone(BERLIN).replace(microsecond=0))
        component.add("dtend", event.ends_at.astimezone(BERLIN).replace(microsecond=0))
    else:
        start = event.starts_at.astimezone(BERLIN).date()
        end = event.ends_at.astimezone(BERLIN).date()
        component.add("dtstart", start)
        component.add("dtend", max(end, start) + timedelta(days=1))
    location = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if location:
        component.add("location", location)
    description = event.description
    if online_url:
        description = f"{description}\n\n{online_url}".strip()
    if description:
        component.add("description", description)
    component.add("url", settings.SITE_URL + event.get_absolute_url())
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("sequence", int(event.updated_at.timestamp()) // 60 % 2_000_000_000)
    return component


@lru_cache(maxsize=32)
def berlin_timezone(first_year: int, last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of Europe/Berlin with the transitions from `first_year` to `last_year`, built once per process.

    icalendar's default spans 1970 to 2038: about 140 transitions, some 10 ms to derive and write into
    every attachment (2.3 KB). The years around the events are all a calendar needs. Only read after.
    """
    return icalendar.Timezone.from_tzid(
        "Europe/Berlin", first_date=date(first_year, 1, 1), last_date=date(last_year, 1, 1)
    )


def calendar_bytes(events: Iterable[Event], *, name: str, online_url: str = "") -> bytes:
    """A VCALENDAR with one VEVENT per event and the VTIMEZONE blocks the events use."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Berlin")
    years = []
    for event in events:
        if event.date_precision == Event.DatePrecision.MONTH:
            continue  # a month is not a calendar date; such archive entries stay out of calendars
        calendar.add_component(event_component(event, online_url=online_url))
        if event.date_precision == Event.DatePrecision.TIME:
            years += [event.starts_at.year, event.ends_at.year]
    if years:
        calendar.subcomponents.insert(0, berlin_timezone(min(years) - 1, max(years) + 2))
    calendar.add_missing_timezones()  # none left unless an event uses another zone
    return calendar.to_ical()
