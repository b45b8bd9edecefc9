"""Reads of the hubs app that many pages share."""

import threading

from hubportal.core.pagecache import generations

from .models import Hub, Topic

_lock = threading.Lock()
_choices: dict[str, tuple[list[Topic], list[Hub]]] = {}


def filter_choices() -> tuple[list[Topic], list[Hub]]:
    """Every topic and the active hubs, as the filter forms list them: kept in this process until a write to the
    hubs renews their generation (hubportal/core/pagecache.py), so a directory page asks the database nothing for
    them. Read only: the objects are shared by the requests of this process."""
    (generation,) = generations(("hubs",))
    found = _choices.get(generation)
    if found is None:
        found = (list(Topic.objects.all()), list(Hub.objects.active().order_by("name")))
        with _lock:
            _choices.clear()
            _choices[generation] = found
    return found
