"""The seats left of an event, always current on pages kept in the shared cache.

Every registration changes them, so cached pages (event page, event list, hub, topic and home page) do not hold
them: the `seats` and `registration_open` template tags leave a place there (hubportal/core/pagecache.py,
`fills_later`), and `fill` puts the current badge and registration panel in on every answer, for all events of the
page in one query.
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from .models import Event

PLACE = "<!--fill:event-{}:{}-->"
PLACES = re.compile(r"<!--fill:event-(seats|open):(\d+)-->")
TEMPLATES = {"seats": "events/_seats.html", "open": "events/_registration_open.html"}


def place(part: str, event: Event) -> str:
    return PLACE.format(part, event.pk)


def fill(request, html: str) -> str:
    """The page with the current seats of its events in their places (a visitor's page: nobody is signed in)."""
    found = PLACES.findall(html)
    if not found:
        return html
    events = Event.objects.filter(pk__in={int(pk) for _, pk in found}).with_seat_counts().in_bulk()
    invite_code = request.GET.get("invite", "")
    rendered: dict[tuple[str, str], str] = {}

    def part(match: re.Match) -> str:
        key = (match.group(1), match.group(2))
        if key not in rendered:
            event = events.get(int(key[1]))
            context = {"event": event, "invite_code": invite_code, "user": AnonymousUser()}
            rendered[key] = render_to_string(TEMPLATES[key[0]], context) if event is not None else ""
        return rendered[key]

    return PLACES.sub(part, html)
