"""A signed-in person's own costly pages from the shared cache, until something the page shows changes.

A view opts in with `cache_for_person("startups", "hubs", "people")`, naming the scopes of what its page shows (as
`cache_for_visitors` in pagecache.py does for visitors). The page is kept under the person, the address and the
current generation of each scope; a write to a model of a scope replaces the generation once it commits, so the next
view builds the page anew. Only that person is ever served it: the key holds their id, and the page carries no
secret of their session, because its CSRF tokens are taken out before it is stored and this request's token is put
in when it is served.

Never stored: a page that shows or took flash messages, wrote to the session, set a cookie or is not a 200. A page
with pending messages is built anew, so that they are shown. `PAGE_CACHE_SECONDS` bounds how old a page can get.
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .pagecache import MARKER, generations

PERSONAL = "personalcache:page:{}"
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
TOKEN_PLACE = b"<!--csrf-token-->"


def _may_use(request) -> bool:
    if request.method not in ("GET", "HEAD") or not settings.PAGE_CACHE_SECONDS:
        return False
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    session = getattr(request, "session", None)
    return session is None or not session.get(SessionStorage.session_key)  # messages wait to be shown


def _key(request, scopes: tuple[str, ...]) -> str:
    parts = [str(request.user.pk), request.get_host(), request.get_full_path(), get_language() or ""]
    return PERSONAL.format(hashlib.sha256("\n".join(parts + generations(scopes)).encode()).hexdigest())


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    storage = getattr(request, "_messages", None)
    if storage is not None and storage.used:
        return False
    session = getattr(request, "session", None)
    return session is None or not session.modified


def cache_for_person(*scopes: str, timeout: int | None = None):
    """Serves a signed-in person their own page of this view from the shared cache (see the module's docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not _may_use(request):
                return view(request, *args, **kwargs)
            key = _key(request, scopes)
            entry = cache.get(key)
            if entry is not None:
                return _served(entry, request)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _storable(request, response):
                content = TOKEN.sub(rb"\1" + TOKEN_PLACE + rb"\2", response.content)
                headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
                cache.set(key, {"content": content, "headers": headers}, timeout or settings.PAGE_CACHE_SECONDS)
                response[MARKER] = "MISS"
            return response

        return wrapped

    return decorator


def _served(entry: dict, request) -> HttpResponse:
    response = HttpResponse(entry["content"].replace(TOKEN_PLACE, get_token(request).encode()))
    for name, value in entry["headers"].items():
        response[name] = value
    response[MARKER] = "HIT"
    return response
