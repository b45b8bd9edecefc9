import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.inclusion_tag("events/_event_section.html")
def events_for_hub(hub):
    """Upcoming events a hub organises, for the hub page."""
    events = Event.objects.listed().upcoming().for_listing().filter(hub=hub)[:SECTION_LIMIT]
    return {"events": events, "hub": hub, "filter_query": f"hub={hub.slug}", "heading_id": "hub-events-heading"}


@register.inclusion_tag("events/_event_section.html")
def events_for_topic(topic):
    """Upcoming events on a topic, for the topic page."""
    events = Event.objects.listed().upcoming().for_listing().with_topic(topic)[:SECTION_LIMIT]
    return {
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
