"""Reads of the events app: chainable QuerySet methods of events, speakers and registrations, and who manages all
events."""

from datetime import datetime
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from hubs.models import Hub, Topic
from hubs.querysets import can_manage_all_hubs

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hubportal.users.models import User

    from .models import Event, Registration, Speaker  # noqa: F401 (named in the quoted QuerySet bases)


def can_manage_all_events(user: "User | AnonymousUser") -> bool:
    """Agency staff: hub-wide admins, or staff who may change events and manage no particular hub."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if can_manage_all_hubs(user):
        return True
    return user.has_perm("events.change_event") and not Hub.objects.managed_by(user).exists()


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> Self:
        """Events the public may see: published or cancelled (cancelled ones stay visible, marked)."""
        from .models import Event

        return self.exclude(status=Event.Status.DRAFT)

    def listed(self) -> Self:
        """Published events shown in lists and feeds: no drafts, no invite-only events."""
        from .models import Event

        return self.published().filter(visibility=Event.Visibility.PUBLIC)

    def for_staff(self, user: "User | AnonymousUser") -> Self:
        """Events `user` manages: all for agency staff, their hubs' events for hub managers, else none."""
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.none()
        if can_manage_all_events(user):
            return self.all()
        return self.filter(hub__in=Hub.objects.managed_by(user).values("pk"))

    def visible_to(self, user: "User | AnonymousUser") -> Self:
        """Published events, plus drafts of the events `user` manages (preview)."""
        from .models import Event

        if not (user.is_authenticated and user.is_staff):
            return self.published()
        return self.filter(~Q(status=Event.Status.DRAFT) | Q(pk__in=Event.objects.for_staff(user).values("pk")))

    def upcoming(self, now: datetime | None = None) -> Self:
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now: datetime | None = None) -> Self:
        """Events that have ended, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def with_seat_counts(self) -> Self:
        """Annotates `confirmed_count` (one subquery, no query per row)."""
        from .models import Registration

        confirmed = (
            Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.CONFIRMED)
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(confirmed_count=Coalesce(models.Subquery(confirmed), 0))

    def with_topic(self, topic: Topic) -> Self:
        """Events tagged with `topic`, without multiplying rows."""
        from .models import Event

        return self.filter(Exists(Event.topics.through.objects.filter(event=OuterRef("pk"), topic=topic)))

    def with_topic_slug(self, slug: str) -> Self:
        """Events tagged with the topic `slug`, without multiplying rows."""
        from .models import Event

        through = Event.topics.through.objects.filter(event=OuterRef("pk"), topic__slug=slug)
        return self.filter(Exists(through))

    def for_listing(self) -> Self:
        """Everything an event card shows, in a fixed number of queries."""
        return (
            self.select_related("hub")
            .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name_en")))
            .with_seat_counts()
        )

    def for_detail(self) -> Self:
        """Everything the event page shows: hub, topics, agenda with speakers, seat count."""
        from .models import AgendaItem

        return self.for_listing().prefetch_related(
            Prefetch("agenda_items", queryset=AgendaItem.objects.prefetch_related("speakers")),
        )


class SpeakerQuerySet(models.QuerySet["Speaker"]):
    def for_staff(self, user: "User | AnonymousUser") -> Self:
        """Speakers `user` may edit: all for agency staff; for hub managers those at their hubs' events, and
        those on no agenda item yet (just added, to be put on an agenda); else none."""
        from .models import AgendaItem, Event

        if not (user.is_authenticated and user.is_active and user.is_staff):
            return self.none()
        if can_manage_all_events(user):
            return self.all()
        items = AgendaItem.objects.filter(speakers=OuterRef("pk"))
        managed = items.filter(event__in=Event.objects.for_staff(user).values("pk"))
        return self.filter(Exists(managed) | ~Exists(items))


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> Self:
        """Registrations that still hold a seat, a waitlist place or await the guest's confirmation."""
        from .models import Registration

        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> Self:
        from .models import Registration

        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self) -> Self:
        """The waitlist, first in line first."""
        from .models import Registration

        return self.filter(status=Registration.Status.WAITLISTED).order_by("waitlist_position")

    def for_account(self, user: "User") -> Self:
        """The user's registrations for the account page, next events first."""
        from .models import Registration

        return (
            self.filter(user=user)
            .exclude(status=Registration.Status.CANCELLED, event__ends_at__lt=Now())
            .select_related("event")
            .order_by("event__starts_at", "pk")
        )

    def for_admin(self) -> Self:
        return self.select_related("event", "user")
