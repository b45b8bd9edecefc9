"""Personal data held by the apps: the extension point behind the data export, the deletion and the retention.

The users app owns the account; the apps hold the rest. Each app that stores personal data writes its part in
`<app>/privacy.py` and registers it in its AppConfig.ready(), so that hubportal.users imports no app:

    privacy.register("events", export=export, erase=erase)

- `export(person) -> dict`: the app's sections of the JSON export; its `history` dict joins the others'.
- `erase(person) -> None`: the app's part of the account deletion, in the deletion's transaction (what is deleted
  and what stays anonymised: services/deletion.py and the privacy page). Parts erase in ascending `erase_order`,
  equal ones in the order they registered (INSTALLED_APPS).
- `deletion_plan(person) -> DeletionPart`: what the deletion would do to the app's data and what blocks it.
- `purge_expired(now) -> dict[str, int]`: deletes the app's rows past their keeping period; rows per kind.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Person:
    """Whose data is exported or erased: the user, their verified addresses (lower case) and the time of it.

    Only verified addresses claim rows stored by address (guest registrations, invitations): an unverified one
    may belong to someone else.
    """

    user: "User"
    emails: list[str]
    now: datetime


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class DeletionPart:
    """What deleting the account would do to one app's data."""

    blocked_by: str = ""  # why the account cannot be deleted yet and what to do first; empty: nothing blocks
    links: tuple[Link, ...] = ()  # the pages where the person does it
    deleted_with_account: tuple[str, ...] = ()  # names of what goes with the account (the page and the mail list them)


class ErasureBusy(Exception):
    """A part could not lock its rows in time; the deletion rolled back and may be tried again in a minute."""


@dataclass(frozen=True)
class PrivacyPart:
    label: str
    export: Callable[[Person], dict] | None = None
    erase: Callable[[Person], None] | None = None
    deletion_plan: Callable[[Person], DeletionPart] | None = None
    purge_expired: Callable[[datetime], dict[str, int]] | None = None
    erase_order: int = 0


_parts: dict[str, PrivacyPart] = {}


def register(
    label: str,
    *,
    export: Callable[[Person], dict] | None = None,
    erase: Callable[[Person], None] | None = None,
    deletion_plan: Callable[[Person], DeletionPart] | None = None,
    purge_expired: Callable[[datetime], dict[str, int]] | None = None,
    erase_order: int = 0,
) -> None:
    """Adds the part of app `label` (a second call for the same label replaces it). Call it in AppConfig.ready()."""
    _parts[label] = PrivacyPart(label, export, erase, deletion_plan, purge_expired, erase_order)


def parts() -> list[PrivacyPart]:
    """The registered parts, in the order they registered."""
    return list(_parts.values())


def erasure_order() -> list[PrivacyPart]:
    return sorted(_parts.values(), key=lambda part: part.erase_order)


def export_sections(person: Person) -> tuple[dict, dict]:
    """Every part's export sections, in registration order, and their `history` entries joined in one dict."""
    sections: dict[str, Any] = {}
    history: dict[str, Any] = {}
    for part in parts():
        if part.export is None:
            continue
        data = part.export(person)
        part_history = data.pop("history", {})
        for mine, theirs in ((data, sections), (part_history, history)):
            if clash := mine.keys() & theirs.keys():
                raise ImproperlyConfigured(f"Privacy part {part.label!r} exports {sorted(clash)} a second time.")
            theirs.update(mine)
    return sections, history
