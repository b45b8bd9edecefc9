"""Reads of the hubs app: chainable QuerySet methods of topics, hubs and networks, and who manages which hub."""

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import Hub, HubNetwork, Topic  # noqa: F401 (named in the quoted QuerySet bases)


def can_manage_all_hubs(user: "User | AnonymousUser") -> bool:
    """Agency staff: superusers and staff with the `hubs.manage_all_hubs` permission."""
    return bool(user.is_active and user.is_staff and (user.is_superuser or user.has_perm("hubs.manage_all_hubs")))


class TopicQuerySet(models.QuerySet["Topic"]):
    def with_active_hubs(self) -> Self:
        """Topics that at least one active hub has as its focus (no duplicate rows)."""
        from .models import Hub

        return self.filter(Exists(Hub.objects.active().filter(focus_topics=OuterRef("pk"))))

    def with_hub_counts(self) -> Self:
        """Annotates `hub_count`, the number of hubs with this focus (for the admin)."""
        return self.annotate(hub_count=Count("hubs", distinct=True))


class HubQuerySet(models.QuerySet["Hub"]):
    def active(self) -> Self:
        """Hubs shown on the public pages."""
        return self.filter(is_active=True)

    def national(self) -> Self:
        """The twelve de:hubs of the Digital Hub Initiative."""
        from .models import Hub

        return self.filter(kind=Hub.Kind.NATIONAL)

    def for_listing(self) -> Self:
        """Everything the hub list and map show, in a fixed number of queries."""
        from .models import Topic

        return self.select_related("lead_hub").prefetch_related(
            Prefetch("focus_topics", queryset=Topic.objects.order_by("name_en")),
            "networks",
        )

    def for_detail(self) -> Self:
        """Everything the hub page shows about the hub itself."""
        from .models import Hub, HubNetwork, Topic

        return self.select_related("lead_hub").prefetch_related(
            Prefetch("focus_topics", queryset=Topic.objects.order_by("name_en")),
            Prefetch("partner_hubs", queryset=Hub.objects.active().order_by("name")),
            Prefetch("reinforcing_hubs", queryset=Hub.objects.active().order_by("name")),
            Prefetch("networks", queryset=HubNetwork.objects.order_by("name")),
            "links",
        )

    def for_admin(self) -> Self:
        """The topics column of the admin changelist (foreign keys come from `list_select_related`)."""
        from .models import Topic

        return self.prefetch_related(Prefetch("focus_topics", queryset=Topic.objects.order_by("name_en")))

    def with_topic_counts(self) -> Self:
        """Annotates `topic_count`, the number of focus topics of each hub."""
        return self.annotate(topic_count=Count("focus_topics", distinct=True))

    def search(self, text: str) -> Self:
        """Hubs whose name, cities or focus (either language) contain `text`."""
        from .models import Topic

        return self.filter(
            Q(name__icontains=text)
            | Q(cities__icontains=text)
            | Q(focus_de__icontains=text)
            | Q(focus_en__icontains=text)
            | Exists(
                Topic.objects.filter(hubs=OuterRef("pk")).filter(
                    Q(name_de__icontains=text) | Q(name_en__icontains=text)
                )
            )
        )

    def in_state(self, code: str) -> Self:
        """Hubs located (partly) in the federal state `code`."""
        return self.filter(states__contains=[code])

    def managed_by(self, user: "User | AnonymousUser") -> Self:
        """Hubs that `user` is assigned to as hub manager (nothing for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(managers=user)

    def editable_by(self, user: "User | AnonymousUser") -> Self:
        """Hubs `user` may edit: all for agency staff (superuser or `hubs.manage_all_hubs`), else their own."""
        if can_manage_all_hubs(user):
            return self.all()
        return self.managed_by(user)


class HubNetworkQuerySet(models.QuerySet["HubNetwork"]):
    def with_member_counts(self) -> Self:
        """Annotates `member_count`, the number of member hubs listed in the portal."""
        return self.annotate(member_count=Count("members", distinct=True))
