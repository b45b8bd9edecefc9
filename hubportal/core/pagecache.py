"""Whole public pages for visitors who are not signed in, from the shared cache, correct a moment after an edit.

A view opts in with `cache_for_visitors("startups", "hubs")`: the scopes of content its page shows. A visitor
without a session cookie gets the page stored under the address and the current generation of each scope; a write
to a model of a scope replaces that scope's generation once its transaction commits (`invalidate_on`, which each
app calls for its models in AppConfig.ready()), so every app server builds the page anew from then on. The
generations live in the cache too: with REDIS_URL every server sees the same ones.

Never stored: a page of a signed-in person, one that set a cookie, read the CSRF token (a form: its token is the
visitor's own) or wrote to the session, any status but 200, and a response that says `private` or `no-store`.
A page shows the time ("3 days left", upcoming events): `PAGE_CACHE_SECONDS` bounds how old it can get.

What changes far more often than the page around it (the seats left of an event, which every registration changes)
is not kept in the page: while a page for the cache is built (`fills_later`), such a part leaves a place, an HTML
comment, and the app's filler (`fill_with`, registered in AppConfig.ready()) puts the current part in on every
answer, stored or fresh. The page itself then only depends on its scopes, and a rush of registrations does not make
every reader build it anew.
"""

import hashlib
import uuid
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header, patch_cache_control
from django.utils.functional import empty

GENERATION = "pagecache:generation:{}"
PAGE = "pagecache:page:v2:{}"  # v2: pages with places; the releases of a rolling deploy keep apart
MARKER = "X-Page-Cache"  # HIT or MISS, for tests and load runs
FILLING = "_pagecache_fills_later"
PLACE = b"<!--fill:"  # how every place starts: <!--fill:<what>:<which>-->

Filler = Callable[[HttpRequest, str], str]
FILLERS: list[Filler] = []


def fill_with(filler: Filler) -> None:
    """Extension point: `filler(request, html)` returns the page with its places filled (module docstring). It is
    called for every page served to a visitor from here, so it must return a page without places unchanged."""
    if filler not in FILLERS:
        FILLERS.append(filler)


def fills_later(request) -> bool:
    """True while a page for visitors is built here: a part that changes too often leaves its place instead."""
    return getattr(request, FILLING, False)


def _filled(request, response):
    if response.status_code != 200 or response.streaming or not FILLERS:
        return response
    if not response.get("Content-Type", "").startswith("text/html") or PLACE not in response.content:
        return response
    html = response.content.decode(response.charset)
    for filler in FILLERS:
        html = filler(request, html)
    response.content = html.encode(response.charset)
    return response


def generations(scopes: tuple[str, ...]) -> list[str]:
    """The current generation of each scope; a scope without one (new, or evicted) gets a new one."""
    keys = [GENERATION.format(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = {key: uuid.uuid4().hex for key in keys if key not in found}
    if missing:
        cache.set_many(missing, None)
        found.update(missing)
    return [found[key] for key in keys]


def bump(*scopes: str) -> None:
    """Every page of these scopes is built anew from now on, on every server."""
    cache.set_many({GENERATION.format(scope): uuid.uuid4().hex for scope in scopes}, None)


def bump_on_commit(*scopes: str) -> None:
    """`bump` now, and again once the current transaction commits: a page another request builds before the commit
    still shows the old rows, and it is stored under a generation that the commit replaces."""
    bump(*scopes)
    transaction.on_commit(lambda: bump(*scopes), robust=True)


def invalidate_on(model, *scopes: str) -> None:
    """Writes to `model` (saves, deletes, changes of its many-to-many relations) renew these scopes."""

    def receiver(sender, **kwargs):
        bump_on_commit(*scopes)

    uid = f"pagecache:{model._meta.label}:{','.join(scopes)}"
    post_save.connect(receiver, sender=model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(receiver, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
    for field in model._meta.local_many_to_many:
        m2m_changed.connect(receiver, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}", weak=False)


def is_visitor(request) -> bool:
    """A reader we may serve a shared page: a GET or HEAD without a session cookie."""
    return request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request, scopes: tuple[str, ...]) -> str:
    address = f"{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256("\n".join([address, *generations(scopes)]).encode()).hexdigest()
    return PAGE.format(digest)


def _storable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "csrf_cookie_set", False):
        return False  # the page holds a CSRF token: this visitor's own
    session = getattr(request, "session", None)
    if session is not None and (session.modified or not session.is_empty()):
        return False
    cache_control = response.get("Cache-Control", "")
    if "private" in cache_control or "no-store" in cache_control or has_vary_header(response, "*"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _stored(response) -> dict:
    headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
    return {"content": response.content, "headers": headers}


def _from_cache(entry: dict) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    response[MARKER] = "HIT"
    return response


def cache_for_visitors(*scopes: str, timeout: int | None = None):
    """Serves the view's page to visitors from the shared cache (see the module's docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not (is_visitor(request) and settings.PAGE_CACHE_SECONDS):
                return view(request, *args, **kwargs)
            key = _key(request, scopes)
            entry = cache.get(key)
            if entry is not None:
                return _filled(request, _from_cache(entry))
            setattr(request, FILLING, True)
            try:
                response = view(request, *args, **kwargs)
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
            finally:
                setattr(request, FILLING, False)  # an error page is no page for the cache
            if _storable(request, response):
                cache.set(key, _stored(response), timeout or settings.PAGE_CACHE_SECONDS)
                response[MARKER] = "MISS"
            return _filled(request, response)

        return wrapped

    return decorator


class PrivatePagesMiddleware:
    """Pages of a signed-in person say `Cache-Control: private, no-store`: no proxy, shared cache or back-button
    cache keeps them. Only a user the page already looked up is asked (a page that never did is nobody's, and this
    asks the database nothing, which may be down)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if getattr(user, "_wrapped", empty) is not empty and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
            response.headers.pop("Expires", None)
        return response
