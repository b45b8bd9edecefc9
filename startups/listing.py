"""The directory's filter panel and result list, built once and shared by everyone who sees the same.

What the list shows depends on the address (filters, sort, page), the language and the kind of viewer (the
visibility levels they pass, whether they may export or bookmark), not on the person: so it is built once and
kept in the shared cache under those, renewed with the startups and the hubs (hubportal/core/pagecache.py). The
person's own parts go in when the page is served: their bookmark buttons (one query for the page's startups),
with their CSRF token, and the form to save the search. A signed-in person's search or filter on a field group
(funding, company details) also counts what their team or an introduction reveals to them: that list is theirs
alone and is not kept.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from hubportal.core.pagecache import generations

from .models import Bookmark
from .visibility import Viewer

SCOPES = ("startups", "hubs")
# Filters whose result depends on the viewer's teams and introductions (StartupFilterSet: viewer.group_q).
PERSONAL_FILTERS = (
    "q",
    "seeking_funding",
    "funding_min",
    "funding_max",
    "team_min",
    "team_max",
    "founded_min",
    "founded_max",
)
BOOKMARK = "<!--bookmark:{}-->"
SAVE_SEARCH = "<!--save-search-->"


def viewer_kind(viewer: Viewer) -> str:
    """What the list depends on of the viewer."""
    if viewer.is_staff:
        return "staff"
    kind = "+".join(viewer.levels)
    return kind + (":bookmark" if viewer.can_bookmark else "") + (":export" if viewer.can_export else "")


def listing_key(request, viewer: Viewer) -> str | None:
    """The cache key of the list this request shows, None when it is the viewer's alone."""
    personal = viewer.user_id is not None and not viewer.is_staff
    if personal and any(str(request.GET.get(name) or "").strip() for name in PERSONAL_FILTERS):
        return None
    address = request.get_full_path()
    parts = [address, get_language() or "", viewer_kind(viewer), *generations(SCOPES)]
    return "startups:listing:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def listing_get(key: str | None) -> dict | None:
    return cache.get(key) if key is not None else None


def listing_store(key: str | None, listing: dict) -> None:
    if key is not None and settings.PAGE_CACHE_SECONDS:
        cache.set(key, listing, settings.PAGE_CACHE_SECONDS)


def listing_build(context: dict, request) -> dict:
    """The list of a freshly filtered page: its HTML with places for the person's parts, and its startups."""
    html = render_to_string("startups/_directory.html", context, request)
    cards = [(startup.pk, startup.slug, startup.name) for startup in context["startups"]]
    return {"html": html, "cards": cards}


def listing_personalise(listing: dict, request, viewer: Viewer, save_search: str) -> SafeString:
    """The list with this person's bookmark buttons and save-search form in their places."""
    html = listing["html"].replace(SAVE_SEARCH, save_search)
    if viewer.can_bookmark and listing["cards"]:
        ids = [pk for pk, _slug, _name in listing["cards"]]
        marked = set(
            Bookmark.objects.filter(investor_id=viewer.investor_id, startup_id__in=ids).values_list(
                "startup_id", flat=True
            )
        )
        token, here = get_token(request), request.get_full_path()
        for pk, slug, name in listing["cards"]:
            html = html.replace(BOOKMARK.format(pk), bookmark_form(slug, name, pk in marked, token, here))
    return mark_safe(html)  # noqa: S308 - rendered by our templates, the parts escaped by format_html


def bookmark_form(slug: str, name: str, marked: bool, token: str, here: str) -> str:
    """The watchlist button of one card, as startups/_startup_card.html writes it."""
    from django.urls import reverse

    label = _("Remove %(name)s from watchlist") if marked else _("Add %(name)s to watchlist")
    return format_html(
        '<form method="post" action="{}" class="bookmark-form">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
        '      <input type="hidden" name="next" value="{}">\n'
        '        <button type="submit" class="button button-small button-secondary">{}</button>\n'
        "    </form>",
        reverse("startups:bookmark_toggle", args=[slug]),
        token,
        here,
        label % {"name": name},
    )
