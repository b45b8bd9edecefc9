import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hubportal.forms import FilterForm
from hubs.models import Hub, Topic

from .models import Event


class EventFilterSet(django_filters.FilterSet):
    """Filters of the event list and archive; the state lives in the query string."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    hub = django_filters.ChoiceFilter(label=_("Hub"), field_name="hub__slug", empty_label=_("All hubs"))
    topic = django_filters.ChoiceFilter(label=_("Topic"), method="filter_topic", empty_label=_("All topics"))
    type = django_filters.ChoiceFilter(label=_("Type"), choices=Event.Type.choices, empty_label=_("All types"))
    format = django_filters.ChoiceFilter(label=_("Format"), choices=Event.Format.choices, empty_label=_("All formats"))
    language = django_filters.ChoiceFilter(
        label=_("Language"), choices=Event.Language.choices, method="filter_language", empty_label=_("All languages")
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="ends_at", lookup_expr="date__gte", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = django_filters.DateFilter(
        label=_("Until"),
        field_name="starts_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Event
        form = FilterForm
        fields = ["q", "hub", "topic", "type", "format", "language", "date_from", "date_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hub", "topic"):
            # Choices are set per request below, never from a form field cached on the shared filter (API schema).
            self.filters[name].__dict__.pop("_field", None)
        # Choices are loaded once here, so validating and rendering them costs one query each.
        self.filters["hub"].extra["choices"] = list(Hub.objects.active().order_by("name").values_list("slug", "name"))
        self.filters["topic"].extra["choices"] = sorted(
            ((topic.slug, topic.name) for topic in Topic.objects.only("slug", "name_de", "name_en")),
            key=lambda choice: choice[1].lower(),
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description_de__icontains=value)
            | Q(description_en__icontains=value)
            | Q(venue_name__icontains=value)
        )

    def filter_topic(self, queryset, name, value: str):
        return queryset.with_topic_slug(value) if value else queryset

    def filter_language(self, queryset, name, value):
        """German or English also finds bilingual events."""
        if value in (Event.Language.GERMAN, Event.Language.ENGLISH):
            return queryset.filter(language__in=[value, Event.Language.BOTH])
        return queryset.filter(language=value)
