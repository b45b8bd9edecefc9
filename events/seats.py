"""The seats left of an event, always current on pages kept in the shared cache.

Every registration changes them, so cached pages (event page, event list, hub and topic pages) do not hold them: the
`seats` and `registration_panel` template tags leave a place there (hubportal/core/pagecache.py, `fills_later`), and
`fill` puts the current badge and registration panel in on every answer, for all events of the page in one query.
The panel also says whether registration is open, which changes with the time alone (opens, closes, the event
starts): the visitor sees that as it is now, not as it was when the page was stored.
"""

import re

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Event

PLACE = "<!--fill:event-{}:{}-->"
PLACES = re.compile(r"<!--fill:event-(seats|panel):(\d+)-->")
TEMPLATES = {"seats": "events/_seats.html", "panel": "events/_registration_panel.html"}


def place(part: str, event: Event) -> str:
    """Where `part` ("seats" or "panel") of `event` goes in a page for the shared cache."""
    return PLACE.format(part, event.pk)


def fill(request, html: str) -> str:
    """The page with the current seats of its events in their places (a visitor's page: nobody is signed in)."""
    found = PLACES.findall(html)
    if not found:
        return html
    events = Event.objects.published().filter(pk__in={int(pk) for _, pk in found}).with_seat_counts().in_bulk()
    invite_code = request.GET.get("invite", "")
    now = timezone.now()

    def render(kind: str, pk: int) -> str:
        event = events.get(pk)
        if event is None:
            return ""
        state = event.registration_state(now)
        context = {"event": event, "registration_state": state, "invite_code": invite_code, "user": AnonymousUser()}
        return render_to_string(TEMPLATES[kind], context)

    rendered = {(kind, pk): render(kind, int(pk)) for kind, pk in set(found)}
    return PLACES.sub(lambda match: rendered[match.group(1), match.group(2)], html)
