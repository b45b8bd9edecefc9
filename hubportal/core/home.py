"""The home page's extension point: apps add what it shows (the hubs app: the de:hubs, their map, the topics).

Each app registers `context(request) -> dict` in its AppConfig.ready(); templates/core/home.html shows it.
"""

from collections.abc import Callable

from django.http import HttpRequest

_providers: dict[str, Callable[[HttpRequest], dict]] = {}


def register(name: str, context: Callable[[HttpRequest], dict]) -> None:
    """Adds `context(request)` to the home page's context (a second call with the same name replaces it)."""
    _providers[name] = context


def home_context(request: HttpRequest) -> dict:
    context = {}
    for provider in _providers.values():
        context.update(provider(request))
    return context
