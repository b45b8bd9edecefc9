"""What each action code of the activity log means, and how an entry reads in the reader's language.

Each app registers its codes in its AppConfig.ready(): `register("startups.published", _("Published"))`, with
`describe` when an entry has details to tell (it gets the entry's data and a `Names` of the people it names) and
`people`, the data keys that hold user ids (they are looked up at once for a page, and erased with the account).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

DELETED = gettext_lazy("deleted user")
PORTAL = gettext_lazy("Hubportal")


class Names(dict):
    """Display names by user id; an id that is gone (or erased: None) reads "deleted user"."""

    def __missing__(self, key) -> str:
        return str(DELETED)

    def of(self, user_id) -> str:
        return self[user_id] if user_id is not None else str(DELETED)


@dataclass(frozen=True)
class Action:
    code: str
    label: str | Promise
    describe: Callable[[dict, Names], str] | None = None
    people: tuple[str, ...] = ()


_actions: dict[str, Action] = {}


def register(
    code: str,
    label: str | Promise,
    *,
    describe: Callable[[dict, Names], str] | None = None,
    people: tuple[str, ...] = (),
) -> None:
    """Makes `code` an action of the log (once: a second registration of a code is a programming error)."""
    if code in _actions and _actions[code] != Action(code, label, describe, people):
        raise ValueError(f"activity action {code!r} is registered twice")
    _actions[code] = Action(code, label, describe, people)


def action(code: str) -> Action:
    try:
        return _actions[code]
    except KeyError:
        raise LookupError(f"activity action {code!r} is not registered") from None


def people_keys() -> dict[str, tuple[str, ...]]:
    """The data keys that hold user ids, by action code."""
    return {code: entry.people for code, entry in _actions.items() if entry.people}


@dataclass(frozen=True)
class Line:
    """An entry as a reader sees it, in the active language."""

    when: datetime
    who: str
    label: str
    text: str
    action: str
    data: dict


def _name(user) -> str:
    return user.get_full_name() or user.email


def lines(entries: Iterable) -> list[Line]:
    """The entries (with `actor` selected) as lines in the active language; the people their data names are
    looked up in one query."""
    entries = list(entries)
    ids = {
        entry.data.get(key)
        for entry in entries
        if entry.action in _actions
        for key in _actions[entry.action].people
        if isinstance(entry.data.get(key), int)
    }
    names = Names()
    if ids:
        names.update((user.pk, _name(user)) for user in get_user_model().objects.filter(pk__in=ids))
    result = []
    for entry in entries:
        known = _actions.get(entry.action)
        if entry.actor is not None:
            who = _name(entry.actor)
        else:
            who = str(DELETED) if entry.actor_erased else str(PORTAL)
        label = str(known.label) if known else entry.action
        text = known.describe(entry.data, names) if known and known.describe else ""
        result.append(Line(entry.created_at, who, label, text, entry.action, entry.data))
    return result


def lines_html(entries: Iterable) -> SafeString | str:
    """The entries (with `actor` selected) as an HTML list for an admin page, one item per line; "–" when there
    are none."""
    rendered = lines(entries)
    if not rendered:
        return "–"
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            "<li>{} – {}: {} {}</li>",
            (
                (timezone.localtime(line.when).strftime("%Y-%m-%d %H:%M"), line.who, line.label, line.text)
                for line in rendered
            ),
        ),
    )


def describe_fields(data: dict, names: Names) -> str:
    """A generic description: the changed fields named in `data["fields"]`."""
    fields = data.get("fields") or []
    return gettext("Changed: %(fields)s") % {"fields": ", ".join(map(str, fields))} if fields else ""
