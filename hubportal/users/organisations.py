"""The organisations a person acts for: an extension point, so that an app (calls) can offer them without importing
the apps that hold them.

Each app registers a provider in its AppConfig.ready(): `register("startup", _("Your startups"), provider)`, where
`provider(user)` returns that person's organisations of this kind as `(id, name)` pairs. Readers iterate them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class Organisation:
    """One organisation a person may act for: its kind (a registered name), its id there and its name."""

    kind: str
    id: int
    name: str

    @property
    def key(self) -> str:
        """`kind:id`, the value of a form choice."""
        return f"{self.kind}:{self.id}"


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str | Promise
    organisations: Callable[..., Iterable[tuple[int, str]]]


_providers: dict[str, Provider] = {}


def register(kind: str, label: str | Promise, organisations: Callable[..., Iterable[tuple[int, str]]]) -> None:
    """Adds the organisations of `kind` (a second call for the same kind replaces it)."""
    _providers[kind] = Provider(kind, label, organisations)


def providers() -> list[Provider]:
    return list(_providers.values())


def organisations_of(user) -> list[tuple[Provider, list[Organisation]]]:
    """The person's organisations, grouped by kind in the order the kinds registered (kinds without any left out)."""
    if not user.is_authenticated:
        return []
    result = []
    for provider in providers():
        found = [Organisation(provider.kind, pk, name) for pk, name in provider.organisations(user)]
        if found:
            result.append((provider, found))
    return result


def organisation_of(user, key: str) -> Organisation | None:
    """The person's organisation with the choice value `key` (`kind:id`), or None when it is not theirs."""
    for _provider, found in organisations_of(user):
        for organisation in found:
            if organisation.key == key:
                return organisation
    return None
