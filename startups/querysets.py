"""Reads: chainable QuerySet methods, one `for_<screen>()` per screen."""

from typing import TYPE_CHECKING, Any, Self

from django.contrib.postgres.search import SearchRank
from django.db import models
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Value

from hubportal.search import Matches, text_query

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import InvestorProfile, Startup  # noqa: F401 (named in the quoted QuerySet bases)

SEARCH_FIELDS = ("search_public", "search_company")


def can_see_all_startups(user: "User | AnonymousUser") -> bool:
    """Staff who may view startups (`startups.view_startup`): drafts and every field, outside the admin too.

    Being staff is not enough: an event manager or hub manager has no business with unpublished profiles.
    """
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("startups.view_startup"))


def _topics_prefetch() -> "Prefetch[Any]":
    from hubs.models import Topic

    return Prefetch("topics", queryset=Topic.objects.order_by("name_en"))


class StartupQuerySet(models.QuerySet["Startup"]):
    def published(self) -> Self:
        """Startups listed in the directory."""
        return self.filter(status="published")

    def of_member(self, user: "User | AnonymousUser") -> Self:
        """Startups whose team `user` belongs to (any role)."""
        from .models import StartupMembership

        if not user.is_authenticated:
            return self.none()
        return self.filter(Exists(StartupMembership.objects.filter(startup=OuterRef("pk"), user=user)))

    def owned_by(self, user: "User | AnonymousUser") -> Self:
        """Startups `user` owns (may manage the team and visibility)."""
        from .models import StartupMembership

        if not user.is_authenticated:
            return self.none()
        return self.filter(Exists(StartupMembership.objects.filter(startup=OuterRef("pk"), user=user, role="owner")))

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """What `user` may open: published profiles, their own at any state, everything for startup staff."""
        if can_see_all_startups(user):
            return self
        if not user.is_authenticated:
            return self.published()
        from .models import StartupMembership

        return self.filter(
            Q(status="published") | Exists(StartupMembership.objects.filter(startup=OuterRef("pk"), user=user))
        )

    def for_listing(self) -> Self:
        """Cards of the directory and the hub/topic sections: hub joined, topics in one query."""
        return self.select_related("hub").prefetch_related(_topics_prefetch()).defer("description", *SEARCH_FIELDS)

    def for_detail(self) -> Self:
        """The profile page."""
        return self.select_related("hub").prefetch_related(_topics_prefetch()).defer(*SEARCH_FIELDS)

    def for_export(self) -> Self:
        """Rows of the CSV export (no per-row queries)."""
        return self.select_related("hub").prefetch_related(_topics_prefetch()).defer(*SEARCH_FIELDS)

    def moderation_queue(self) -> Self:
        """Submitted profiles first, oldest submission first, then the rest."""
        return self.alias(queue=models.Case(models.When(status="submitted", then=Value(0)), default=Value(1))).order_by(
            "queue", "submitted_at", "-updated_at"
        )

    def with_bookmarked(self, investor_id: int | None) -> Self:
        """Annotates `is_bookmarked` for one investor without a query per row."""
        from .models import Bookmark

        if investor_id is None:
            return self.annotate(is_bookmarked=Value(False))
        return self.annotate(
            is_bookmarked=Exists(Bookmark.objects.filter(investor_id=investor_id, startup=OuterRef("pk")))
        )

    def search(self, text: str, *, description_where: Q | None = None) -> Self:
        """Full-text search (hubportal/search.py) over name, pitch and city, and over the description only where
        `description_where` holds, ranked as `rank`.

        Pass `viewer.group_q("company")`: a word of a description the viewer may not see must not find
        the startup (`Q()` searches every description, None none); the description only counts towards the
        rank where it is searched.
        """
        query = text_query(text)
        if query is None:  # nothing typed; something without a single word finds nothing
            return self if not text.strip() else self.none().annotate(rank=Value(0.0))
        public = Matches(F("search_public"), query)
        public_rank = SearchRank(F("search_public"), query)
        if description_where is None:
            return self.filter(public).annotate(rank=public_rank)
        company = Matches(F("search_company"), query)
        if not description_where:
            return self.filter(Q(public) | Q(company)).annotate(
                rank=public_rank + SearchRank(F("search_company"), query)
            )
        company_rank = models.Case(
            models.When(description_where, then=SearchRank(F("search_company"), query)),
            default=Value(0.0),
            output_field=models.FloatField(),
        )
        return self.filter(Q(public) | (description_where & Q(company))).annotate(rank=public_rank + company_rank)


class InvestorQuerySet(models.QuerySet["InvestorProfile"]):
    def verified(self) -> Self:
        """Investors checked by staff; only they appear in the investor directory."""
        return self.filter(is_verified=True)

    def for_listing(self) -> Self:
        """Cards of the investor directory."""
        from hubs.models import Hub, Topic

        return self.select_related("user").prefetch_related(
            Prefetch("topics", queryset=Topic.objects.order_by("name_en")),
            Prefetch("hubs", queryset=Hub.objects.order_by("name")),
        )

    def search(self, text: str) -> Self:
        """Full-text search (hubportal/search.py) over name and thesis, ranked as `rank`."""
        query = text_query(text)
        if query is None:  # nothing typed; something without a single word finds nothing
            return self if not text.strip() else self.none().annotate(rank=Value(0.0))
        return self.filter(Matches(F("search"), query)).annotate(rank=SearchRank(F("search"), query))

    def verification_queue(self) -> Self:
        """Unverified profiles first, oldest first."""
        return self.order_by("is_verified", "created_at")
