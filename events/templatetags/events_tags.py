import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from hubportal.core.pagecache import fills_later

from .. import seats as live_seats
from ..models import Event, Registration

register = template.Library()

SECTION_LIMIT = 5
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json_script(value):
    """JSON-LD data block, escaped like `json_script` so no `</script>` can break out."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.filter
def agenda_days(items):
    """Agenda items grouped by the local (Berlin) day they start on: [(date, [items])], in the items' order."""
    days = {}
    for item in items:
        days.setdefault(timezone.localdate(item.starts_at), []).append(item)
    return list(days.items())


@register.simple_tag(takes_context=True)
def seats(context, event):
    """The event's seats-left badge; on a page for the shared cache, its place (events/seats.py)."""
    if fills_later(context.get("request")):
        return mark_safe(live_seats.place("seats", event))  # noqa: S308  # an HTML comment of ours
    return render_to_string("events/_seats.html", {"event": event})


@register.simple_tag(takes_context=True)
def registration_panel(context, event):
    """The registration panel of someone not registered: whether registration is open, the seats left, then the form
    or a link; on a page for the shared cache, its place (events/seats.py)."""
    if fills_later(context.get("request")):
        return mark_safe(live_seats.place("panel", event))  # noqa: S308  # an HTML comment of ours
    return render_to_string(
        live_seats.TEMPLATES["panel"],
        {
            "event": event,
            "registration_state": context.get("registration_state") or event.registration_state(timezone.now()),
            "invite_code": context.get("invite_code", ""),
            "user": context.get("user"),
            "form": context.get("form"),
            "csrf_token": context.get("csrf_token"),
        },
    )


@register.inclusion_tag("events/_event_section.html", takes_context=True)
def events_for_hub(context, hub):
    """Upcoming events a hub organises, for the hub page."""
    events = Event.objects.listed().upcoming().for_listing().filter(hub=hub)[:SECTION_LIMIT]
    return {
        "request": context.get("request"),
        "events": events,
        "hub": hub,
        "filter_query": f"hub={hub.slug}",
        "heading_id": "hub-events-heading",
    }


@register.inclusion_tag("events/_event_section.html", takes_context=True)
def events_for_topic(context, topic):
    """Upcoming events on a topic, for the topic page."""
    events = Event.objects.listed().upcoming().for_listing().with_topic(topic)[:SECTION_LIMIT]
    return {
        "request": context.get("request"),
        "events": events,
        "topic": topic,
        "filter_query": f"topic={topic.slug}",
        "heading_id": "topic-events-heading",
    }


@register.inclusion_tag("events/_account_registrations.html")
def events_for_account(user):
    """The user's registrations with status, waitlist position, ticket and cancel links."""
    registrations = Registration.objects.for_account(user) if user.is_authenticated else []
    return {"registrations": registrations}
