import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from hubportal.forms import FilterForm

from .models import Hub, HubNetwork, Topic


class HubFilterSet(django_filters.FilterSet):
    """Filters of the hub list: free text, topic, federal state, network and kind."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, city or topic"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="focus_topics",
        to_field_name="slug",
        queryset=Topic.objects.with_active_hubs(),
        empty_label=_("All topics"),
    )
    state = django_filters.ChoiceFilter(
        label=_("Federal state"), choices=Hub.State.choices, method="filter_state", empty_label=_("All states")
    )
    network = django_filters.ModelChoiceFilter(
        label=_("Network"),
        field_name="networks",
        to_field_name="slug",
        queryset=HubNetwork.objects.all(),
        empty_label=_("All networks"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind of hub"), choices=Hub.Kind.choices, empty_label=_("All kinds"))

    class Meta:
        model = Hub
        form = FilterForm
        fields = ["q", "topic", "state", "network", "kind"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.search(value) if value else queryset

    def filter_state(self, queryset, name, value):
        return queryset.in_state(value)
