"""Who sees what: the single place that decides which startup fields a viewer may see."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from hubportal.core.pagecache import generations

from .models import CONTACT_FIELDS, FIELD_GROUPS, PUBLIC_FIELDS, Startup, StartupMembership, Visibility
from .querysets import can_see_all_startups

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from hubportal.users.models import User

ALL_FIELDS = frozenset(PUBLIC_FIELDS + CONTACT_FIELDS + sum(FIELD_GROUPS.values(), ()))

# Grants: reasons beyond a startup's visibility settings to see all its field groups and its contact.
_grants: dict[str, Callable[[int], QuerySet[Any]]] = {}


def register_grant(name: str, startups: Callable[[int], QuerySet[Any]]) -> None:
    """Lets an app reveal startups: `startups(user_id)` returns the ids (a `values("pk")` queryset) of the startups
    whose field groups and contact that person may see. Call it in AppConfig.ready() (matching: an accepted
    introduction); a second call with the same name replaces the grant."""
    _grants[name] = startups


@dataclass
class Viewer:
    """What the startups app knows about the person looking at a page."""

    user_id: int | None = None
    is_staff: bool = False  # staff who may view startups (querysets.can_see_all_startups), not any staff
    investor_id: int | None = None
    is_verified_investor: bool = False
    has_published_startup: bool = False
    member_of: frozenset[int] | None = None  # startup ids, when the lookup already fetched them

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @cached_property
    def startup_ids(self) -> frozenset[int]:
        if self.user_id is None:
            return frozenset()
        if self.member_of is not None:
            return self.member_of
        return frozenset(StartupMembership.objects.filter(user_id=self.user_id).values_list("startup_id", flat=True))

    @cached_property
    def granted_ids(self) -> frozenset[int]:
        """Startups a registered grant reveals to this viewer (an accepted introduction)."""
        if self.user_id is None:
            return frozenset()
        return frozenset(pk for grant in _grants.values() for pk in grant(self.user_id).values_list("pk", flat=True))

    @property
    def levels(self) -> tuple[str, ...]:
        """The visibility settings this viewer passes without a team role or an introduction."""
        if self.is_staff:
            return tuple(Visibility.values)
        if self.is_verified_investor:
            return (Visibility.PUBLIC, Visibility.INVESTORS)
        return (Visibility.PUBLIC,)

    @property
    def can_bookmark(self) -> bool:
        return self.is_verified_investor

    @property
    def can_export(self) -> bool:
        return self.is_verified_investor or self.is_staff

    @property
    def can_browse_investors(self) -> bool:
        # A throwaway draft must not open the investor directory: it takes a listed startup.
        return self.is_staff or self.has_published_startup

    def sees_everything_of(self, startup: Startup) -> bool:
        return self.is_staff or startup.pk in self.startup_ids

    def visible_fields(self, startup: Startup) -> frozenset[str]:
        """Field names of `startup` this viewer may see."""
        if self.sees_everything_of(startup):
            return ALL_FIELDS
        granted = startup.pk in self.granted_ids
        names = set(PUBLIC_FIELDS)
        for group, fields in FIELD_GROUPS.items():
            if granted or getattr(startup, f"{group}_visibility") in self.levels:
                names.update(fields)
        if granted:
            names.update(CONTACT_FIELDS)
        return frozenset(names)

    def visible_fields_in_listing(self, startup: Startup) -> frozenset[str]:
        """Like visible_fields, without the team lookup (cards show only public and group fields)."""
        names = set(PUBLIC_FIELDS)
        for group, fields in FIELD_GROUPS.items():
            if getattr(startup, f"{group}_visibility") in self.levels:
                names.update(fields)
        return frozenset(names)

    def group_q(self, group: str) -> Q:
        """Startups whose field group `group` this viewer may see: filters on hidden fields must not leak them."""
        if self.is_staff:
            return Q()
        q = Q(**{f"{group}_visibility__in": self.levels})
        if self.user_id is not None:
            q |= Q(Exists(StartupMembership.objects.filter(user_id=self.user_id, startup=OuterRef("pk"))))
            for grant in _grants.values():
                q |= Q(pk__in=grant(self.user_id))
        return q


ANONYMOUS = Viewer()


VIEWER_SECONDS = 300


def viewer_for(user: "User | AnonymousUser | None") -> Viewer:
    """The Viewer for a user: investor profile and team memberships in one query joined to the user row, kept in the
    shared cache until an investor profile, a team or a startup changes (the scope "people")."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    key = f"startups:viewer:{user.pk}:{generations(('people',))[0]}"
    facts = cache.get(key)
    if facts is None:
        facts = _viewer_facts(user.pk)
        cache.set(key, facts, VIEWER_SECONDS)
    investor_id, verified, has_published_startup, member_of = facts
    return Viewer(
        user_id=user.pk,
        is_staff=can_see_all_startups(user),
        investor_id=investor_id,
        is_verified_investor=verified,
        has_published_startup=has_published_startup,
        member_of=frozenset(member_of),
    )


def _viewer_facts(user_id: int) -> tuple[int | None, bool, bool, list[int]]:
    from django.contrib.auth import get_user_model

    # One row per membership (at least one row): the investor profile is one-to-one, so it repeats.
    rows = list(
        get_user_model()
        .objects.filter(pk=user_id)
        .values_list(
            "investor_profile__id",
            "investor_profile__is_verified",
            "startup_memberships__startup_id",
            "startup_memberships__startup__status",
        )
    )
    investor_id, verified = (rows[0][0], rows[0][1]) if rows else (None, False)
    memberships = {startup_id: status for _i, _v, startup_id, status in rows if startup_id is not None}
    return investor_id, bool(verified), Startup.Status.PUBLISHED in memberships.values(), sorted(memberships)


def viewer_for_request(request: "HttpRequest") -> Viewer:
    """The Viewer of this request, looked up once and kept on the request for views, tags and templates."""
    viewer = getattr(request, "_startups_viewer", None)
    if viewer is None:
        viewer = request._startups_viewer = viewer_for(request.user)  # type: ignore[attr-defined]  # per-request memo
    return viewer
