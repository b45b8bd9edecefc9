"""Filters for lists whose pages have none of their own (news, calls); the others use the pages' FilterSets."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agency.models import HubUpdate
from calls.models import Call


class HubNewsFilterSet(django_filters.FilterSet):
    hub = django_filters.CharFilter(label=_("Hub"), field_name="hub__slug", max_length=80)

    class Meta:
        model = HubUpdate
        fields = ["hub"]


class CallFilterSet(django_filters.FilterSet):
    STATES = [("upcoming", _("Upcoming")), ("open", _("Open")), ("closed", _("Closed"))]

    state = django_filters.ChoiceFilter(label=_("State"), choices=STATES, method="filter_state")
    hub = django_filters.CharFilter(label=_("Hub"), field_name="hub__slug", max_length=80)

    class Meta:
        model = Call
        fields = ["state", "hub"]

    def filter_state(self, queryset, name, value):
        # The same three groups as the calls page (CallQuerySet.upcoming/open/closed), without their orders.
        now = timezone.now()
        groups = {"upcoming": Call.objects.upcoming, "open": Call.objects.open, "closed": Call.objects.closed}
        return queryset.filter(pk__in=groups[value](now).values("pk"))
