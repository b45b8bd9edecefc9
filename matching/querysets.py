"""Reads of the matching app: chainable QuerySet methods of introductions."""

from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q
from django.utils import timezone

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import Introduction  # noqa: F401 (named in the quoted QuerySet base)


class IntroductionQuerySet(models.QuerySet["Introduction"]):
    def involving(self, user: "User | AnonymousUser") -> Self:
        """Introductions where `user` is the investor or on the startup's team."""
        from startups.models import StartupMembership

        if not user.is_authenticated:
            return self.none()
        team = StartupMembership.objects.filter(user=user).values("startup_id")
        return self.filter(Q(investor__user=user) | Q(startup_id__in=team))

    def pending(self) -> Self:
        """Requests waiting for an answer: pending and not past their expiry. A request expires at its deadline;
        `expire_introductions` only records it later (`Introduction.current_status`)."""
        return self.filter(status="pending", expires_at__gt=timezone.now())

    def incoming_for(self, user: "User") -> Self:
        """Pending requests `user` may answer (made by the other side)."""
        from startups.models import StartupMembership

        team = StartupMembership.objects.filter(user=user).values("startup_id")
        return self.pending().filter(
            Q(requester_side="startup", investor__user=user) | Q(requester_side="investor", startup_id__in=team)
        )

    def outgoing_for(self, user: "User") -> Self:
        """Requests made by `user`'s side that are still pending."""
        from startups.models import StartupMembership

        team = StartupMembership.objects.filter(user=user).values("startup_id")
        return self.pending().filter(
            Q(requester_side="investor", investor__user=user) | Q(requester_side="startup", startup_id__in=team)
        )

    def for_inbox(self) -> Self:
        """Rows of the inbox: both sides and the startup owners (a contact fallback) in two queries."""
        from startups.models import StartupMembership

        owners = StartupMembership.objects.filter(role="owner").select_related("user")
        return (
            self.select_related("startup", "investor", "investor__user", "requested_by")
            .prefetch_related(models.Prefetch("startup__memberships", queryset=owners, to_attr="owners"))
            .order_by("-updated_at", "-id")
        )
