"""Reads of the agency app: chainable QuerySet methods of hub news, hub reports and advice requests, and who edits
every hub's news."""

from datetime import datetime
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hubs.models import Hub
from hubs.querysets import can_manage_all_hubs

from .workdays import working_days_before

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import AdviceRequest, HubReport, HubUpdate  # noqa: F401 (named in the quoted QuerySet bases)


def can_edit_all_hub_updates(user: "User | AnonymousUser") -> bool:
    """Agency staff and content editors (permission `agency.edit_all_hub_updates`) edit every hub's news."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and (can_manage_all_hubs(user) or user.has_perm("agency.edit_all_hub_updates"))
    )


class HubUpdateQuerySet(models.QuerySet["HubUpdate"]):
    def published(self) -> Self:
        """Updates visible on the hub page, the news list and the feed."""
        return self.filter(is_published=True, published_at__lte=timezone.now())

    def for_listing(self) -> Self:
        """The news list and feed: newest first, with the hub."""
        return self.published().select_related("hub").order_by("-published_at", "-id")

    def editable_by(self, user: "User | AnonymousUser") -> Self:
        """Updates `user` may edit in the admin: all for agency staff and content editors, else their hubs'."""
        if can_edit_all_hub_updates(user):
            return self.all()
        return self.filter(hub__in=Hub.objects.managed_by(user).values("pk"))


class HubReportQuerySet(models.QuerySet["HubReport"]):
    def editable_by(self, user: "User | AnonymousUser") -> Self:
        """Reports `user` may see and edit: all for agency staff, else their hubs'."""
        if can_manage_all_hubs(user):
            return self.all()
        return self.filter(hub__in=Hub.objects.managed_by(user).values("pk"))


class AdviceRequestQuerySet(models.QuerySet["AdviceRequest"]):
    def open(self) -> Self:
        """Requests that are not closed yet."""
        from .models import AdviceRequest

        return self.exclude(status=AdviceRequest.Status.CLOSED)

    def for_requester(self, user: "User | AnonymousUser") -> Self:
        """The requests `user` asked (nothing for anonymous users)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requester=user)

    def for_account(self, user: "User | AnonymousUser") -> Self:
        """The requester's list on their account page, newest first."""
        return self.for_requester(user).select_related("preferred_hub", "startup").order_by("-created_at", "-id")

    def overdue(self, now: datetime | None = None) -> Self:
        """Open requests without a public reply for more than ADVICE_OVERDUE_WORKING_DAYS working days.

        A request waiting for the requester is never overdue: the next step is theirs, not the agency's."""
        from .models import AdviceRequest

        cutoff = working_days_before(now or timezone.now(), settings.ADVICE_OVERDUE_WORKING_DAYS)
        return (
            self.open()
            .exclude(status=AdviceRequest.Status.WAITING)
            .filter(Q(last_public_reply_at__lt=cutoff) | Q(last_public_reply_at__isnull=True, created_at__lt=cutoff))
        )

    def for_admin(self) -> Self:
        """The triage changelist: foreign keys it shows, in one query."""
        return self.select_related("requester__organisation_profile", "advisor", "preferred_hub", "startup")
