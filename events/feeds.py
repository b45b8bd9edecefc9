"""Calendar feeds (iCal) and news feeds (RSS/Atom) of the public events."""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from hubs.models import Hub, Topic

from .calendar import calendar_bytes
from .models import Event
from .views.events import check_invitation, visible_event_queryset

FEED_HISTORY = timedelta(days=365)


def _calendar_events():
    """Public events that ended less than a year ago or are still to come."""
    return Event.objects.listed().filter(ends_at__gte=timezone.now() - FEED_HISTORY).order_by("starts_at", "pk")


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_feed(request):
    """iCal feed of all public events."""
    return _ics_response(calendar_bytes(_calendar_events(), name=_("Hubportal events")), "hubportal-events.ics")


def hub_calendar_feed(request, slug):
    """iCal feed of the events one hub organises."""
    hub = get_object_or_404(Hub.objects.active(), slug=slug)
    events = _calendar_events().filter(hub=hub)
    name = _("Events of %(hub)s") % {"hub": hub.name}
    return _ics_response(calendar_bytes(events, name=name), f"hubportal-{hub.slug}.ics")


def topic_calendar_feed(request, slug):
    """iCal feed of the events on one topic."""
    topic = get_object_or_404(Topic, slug=slug)
    events = _calendar_events().with_topic(topic)
    name = _("Events on %(topic)s") % {"topic": topic.name}
    return _ics_response(calendar_bytes(events, name=name), f"hubportal-{topic.slug}.ics")


def event_ics(request, slug):
    """'Add to calendar': one event as an .ics file (no online link; that is in the attendee's mail)."""
    event = get_object_or_404(visible_event_queryset(request), slug=slug)
    check_invitation(event, request, request.GET.get("invite", ""))
    response = _ics_response(calendar_bytes([event], name=event.title), f"{event.slug}.ics")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response


class UpcomingEventsFeed(Feed):
    """RSS feed of upcoming public events."""

    def title(self):
        return _("Upcoming events on Hubportal")

    def description(self):
        return _("Meetups, workshops, pitch nights and more from Germany's digital hubs.")

    def link(self):
        from django.urls import reverse

        return reverse("events:event_list")

    def items(self):
        return Event.objects.listed().upcoming().select_related("hub")[:50]

    def item_title(self, item):
        when = timezone.localtime(item.starts_at).strftime("%d.%m.%Y")
        return f"{item.title} ({when})"

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"{settings.SITE_URL}/events/{item.pk}"

    item_guid_is_permalink = False


class UpcomingEventsAtomFeed(UpcomingEventsFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()
