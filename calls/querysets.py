"""Reads of the calls app: chainable QuerySet methods of calls, applications and reviews, and who runs all calls."""

from datetime import datetime
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Avg, Count, F, Max, Min, Prefetch, Q, StdDev
from django.db.models.functions import Coalesce
from django.utils import timezone

from hubs.models import Hub
from hubs.querysets import can_manage_all_hubs

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import Application, Call, Review  # noqa: F401 (named in the quoted QuerySet bases)


def can_manage_all_calls(user: "User | AnonymousUser") -> bool:
    """Agency staff: hub-wide admins, or staff who may change calls and manage no particular hub."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if can_manage_all_hubs(user):
        return True
    return user.has_perm("calls.change_call") and not Hub.objects.managed_by(user).exists()


class CallQuerySet(models.QuerySet["Call"]):
    def published(self) -> Self:
        """Calls the public may see."""
        return self.filter(is_published=True)

    def upcoming(self, now: datetime | None = None) -> Self:
        """Announced calls whose application phase has not begun, soonest first."""
        return self.filter(opens_at__gt=now or timezone.now()).order_by("opens_at", "pk")

    def open(self, now: datetime | None = None) -> Self:
        """Calls taking applications now, the nearest deadline first."""
        now = now or timezone.now()
        return (
            self.filter(applications_enabled=True, deadline__gt=now)
            .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
            .order_by("deadline", "pk")
        )

    def closed(self, now: datetime | None = None) -> Self:
        """Calls that no longer take applications (or never did through the portal), the latest first."""
        now = now or timezone.now()
        return (
            self.exclude(opens_at__gt=now)
            .filter(Q(deadline__lte=now) | Q(deadline__isnull=True) | Q(applications_enabled=False))
            .annotate(closed_on=Coalesce("result_at", "deadline", "opens_at", "created_at"))
            .order_by("-closed_on", "-pk")
        )

    def for_listing(self) -> Self:
        """What a call card shows (the organising hub), in the same query."""
        return self.select_related("hub")

    def for_staff(self, user: "User | AnonymousUser") -> Self:
        """Calls `user` runs: all for agency staff, their hubs' calls for hub managers, else none."""
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.none()
        if can_manage_all_calls(user):
            return self.all()
        return self.filter(hub__in=Hub.objects.managed_by(user).values("pk"))

    def for_juror(self, user: "User | AnonymousUser") -> Self:
        """Calls on whose jury `user` sits (with the juror's permission)."""
        if not (
            user.is_authenticated and user.is_active and user.is_staff and user.has_perm("calls.review_application")
        ):
            return self.none()
        return self.filter(jury__user=user)


class ApplicationQuerySet(models.QuerySet["Application"]):
    def submitted(self) -> Self:
        """Applications past the draft (withdrawn ones excluded)."""
        from .models import Application

        return self.exclude(stage__in=[Application.Stage.DRAFT, Application.Stage.WITHDRAWN])

    def of(self, user: "User | AnonymousUser") -> Self:
        """The applications `user` made."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(applicant=user)

    def for_account(self) -> Self:
        """ "My applications": the call (and its hub) in the same query, newest first."""
        return self.select_related("call", "call__hub").order_by("-created_at", "-pk")

    def for_staff(self, user: "User | AnonymousUser") -> Self:
        """Applications to the calls `user` runs."""
        from .models import Call

        return self.filter(call__in=Call.objects.for_staff(user).values("pk"))

    def assigned_to(self, user: "User", call: "Call") -> Self:
        """The applications of `call` that `user` reviews as a juror (submitted ones only)."""
        seat = call.jury.filter(user=user).first()
        if seat is None or not user.has_perm("calls.review_application"):
            return self.none()
        rows = self.filter(call=call).submitted()
        return rows if seat.all_applications else rows.filter(assigned_jurors=seat)

    def public_results(self, call: "Call") -> Self:
        """Finalists and winners who agreed to be named, once the call shows them."""
        from .models import Application

        rows = self.filter(
            call=call, publish_consent=True, stage__in=[Application.Stage.FINALIST, Application.Stage.WINNER]
        )
        return rows.order_by("organisation_name", "pk")

    def with_ranking(self) -> Self:
        """Weighted mean, number, lowest and highest score and spread of the submitted, not conflicted reviews."""
        counted = Q(reviews__submitted_at__isnull=False, reviews__conflict=False)
        return self.annotate(
            mean_score=Avg("reviews__score", filter=counted),
            review_count=Count("reviews", filter=counted),
            low_score=Min("reviews__score", filter=counted),
            high_score=Max("reviews__score", filter=counted),
            score_deviation=StdDev("reviews__score", filter=counted),
        ).annotate(spread=F("high_score") - F("low_score"))

    def for_ranking(self) -> Self:
        """The ranking table: best weighted mean first, unscored last; one query."""
        return (
            self.submitted()
            .with_ranking()
            .order_by(F("mean_score").desc(nulls_last=True), "-review_count", "organisation_name", "pk")
        )


class ReviewQuerySet(models.QuerySet["Review"]):
    def submitted(self) -> Self:
        return self.filter(submitted_at__isnull=False, conflict=False)

    def with_scores(self) -> Self:
        from .models import Score

        criteria = Prefetch(
            "scores", queryset=Score.objects.select_related("criterion").order_by("criterion__position", "criterion_id")
        )
        return self.select_related("juror").prefetch_related(criteria)
