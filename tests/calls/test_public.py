"""The public pages: the calls list (open, upcoming, closed) with a fixed number of queries, a call, the deadlines
feed, and the open calls on the home page and their hub's page."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import CallFactory, HubFactory

pytestmark = pytest.mark.django_db


def test_the_list_sorts_calls_into_open_upcoming_and_closed(client):
    now = timezone.now()
    open_call = CallFactory(title_de="Offen")
    upcoming = CallFactory(
        title_de="Bald", opens_at=now + datetime.timedelta(days=3), deadline=now + datetime.timedelta(days=30)
    )
    closed = CallFactory(
        title_de="Vorbei", opens_at=now - datetime.timedelta(days=30), deadline=now - datetime.timedelta(days=1)
    )
    hidden = CallFactory(title_de="Entwurf", is_published=False)
    page = client.get(reverse("calls:call_list"))
    assert page.context["open_calls"] == [open_call]
    assert page.context["upcoming_calls"] == [upcoming]
    assert closed in page.context["closed_calls"]
    assert "Entwurf" not in page.content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_the_calls_list_needs_the_same_queries_for_few_and_many_calls(client):
    hub = HubFactory()
    CallFactory(organiser="hub", hub=hub)
    client.get(reverse("calls:call_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("calls:call_list"))
    now = timezone.now()
    for index in range(15):
        CallFactory(organiser="hub", hub=HubFactory())
        CallFactory(opens_at=now + datetime.timedelta(days=index + 1), deadline=now + datetime.timedelta(days=40))
        CallFactory(opens_at=now - datetime.timedelta(days=40), deadline=now - datetime.timedelta(days=index + 1))
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("calls:call_list"))
    assert len(page.context["open_calls"]) == 16
    assert len(many) == len(few)


def test_a_call_shows_organiser_who_may_apply_prize_phases_and_days_left(client):
    hub = HubFactory(name="Hub Musterstadt")
    # Noon in Berlin ten calendar days from today in Berlin: "days left" counts calendar days there, so an offset
    # from now would read 11 days in the last hour before Berlin's midnight.
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    today = timezone.now().astimezone(berlin).date()
    deadline = datetime.datetime.combine(today + datetime.timedelta(days=10), datetime.time(12), tzinfo=berlin)
    call = CallFactory(organiser="hub", hub=hub, deadline=deadline)
    content = client.get("/en" + call.get_absolute_url()[3:]).content.decode()
    for text in (
        "Hub Musterstadt",
        "Startups, Companies",
        "10,000 euros",
        "10 days left",
        "Application deadline",
        "Berlin time",
    ):
        assert text in content, text


def test_the_deadlines_feed_lists_deadlines_in_berlin_time(client):
    call = CallFactory(title_de="Pitch Day")
    CallFactory(is_published=False, title_de="Geheim")
    response = client.get(reverse("calls:deadlines_ics"))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert any("Pitch Day" in summary for summary in events)
    assert not any("Geheim" in summary for summary in events)
    deadline = next(
        e
        for s, e in events.items()
        if s.startswith("Einsendeschluss: Pitch Day") or s.startswith("Deadline: Pitch Day")
    )
    assert deadline["dtstart"].dt == timezone.localtime(call.deadline).replace(microsecond=0)
    assert str(deadline["dtstart"].params["TZID"]) == "Europe/Berlin"


def test_open_calls_appear_on_the_home_page_and_their_hubs_page_while_open(client):
    hub = HubFactory(slug="musterhub")
    CallFactory(title_de="Offener Hub-Aufruf", organiser="hub", hub=hub)
    closed = CallFactory(
        title_de="Geschlossener Aufruf",
        organiser="hub",
        hub=hub,
        opens_at=timezone.now() - datetime.timedelta(days=30),
        deadline=timezone.now() - datetime.timedelta(days=1),
    )
    home = client.get(reverse("home")).content.decode()
    hub_page = client.get(reverse("hubs:hub_detail", kwargs={"slug": hub.slug})).content.decode()
    for content in (home, hub_page):
        assert "Offener Hub-Aufruf" in content and closed.title_de not in content
