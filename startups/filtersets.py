import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hubportal.forms import FilterForm, QuickCheckboxSelectMultiple
from hubs.models import Topic
from hubs.selectors import filter_choices

from .models import BusinessModel, InvestorProfile, InvestorType, Stage, Startup
from .models.startup import funding_sort_key
from .visibility import ANONYMOUS, Viewer


class NumberInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"min": 0, **(attrs or {})})


class IntegerFilter(django_filters.NumberFilter):
    """A number filter for whole numbers: "1.5" is an error for the user, not silently 1."""

    field_class = forms.IntegerField


class StartupFilterSet(django_filters.FilterSet):
    """The directory's filters. Filters on a field group only match startups that show it to the viewer."""

    SORTS = [
        ("relevance", _("Relevance")),
        ("newest", _("Newest")),
        ("name", _("Name")),
        ("funding", _("Funding sought")),
    ]

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    # Exists() filters never multiply rows, so no filter needs DISTINCT (it would defeat the sort indexes).
    # Topics and hubs are choices loaded once per request (slug → name): rendering, validating and
    # labelling the chips then need no further query.
    topic = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Topic"), method="filter_topic", widget=QuickCheckboxSelectMultiple
    )
    hub = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Hub"), method="filter_hub", widget=QuickCheckboxSelectMultiple
    )
    stage = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Stage"), choices=Stage.choices, widget=QuickCheckboxSelectMultiple
    )
    business_model = django_filters.ChoiceFilter(
        label=_("Business model"), choices=BusinessModel.choices, empty_label=_("Any")
    )
    seeking_funding = django_filters.BooleanFilter(
        label=_("Seeking funding"),
        method="filter_seeking",
        widget=forms.Select(choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]),
    )
    funding_min = django_filters.NumberFilter(
        label=_("Funding sought from (EUR)"),
        method="filter_funding_min",
        widget=NumberInput,
    )
    funding_max = django_filters.NumberFilter(
        label=_("Funding sought up to (EUR)"),
        method="filter_funding_max",
        widget=NumberInput,
    )
    team_min = IntegerFilter(
        label=_("Team size from"),
        method="filter_team_min",
        widget=NumberInput,
    )
    team_max = IntegerFilter(
        label=_("Team size up to"),
        method="filter_team_max",
        widget=NumberInput,
    )
    founded_min = IntegerFilter(
        label=_("Founded from"),
        method="filter_founded_min",
        widget=NumberInput,
    )
    founded_max = IntegerFilter(
        label=_("Founded up to"),
        method="filter_founded_max",
        widget=NumberInput,
    )
    city = django_filters.CharFilter(label=_("City"), field_name="city", lookup_expr="iexact", max_length=80)
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORTS, method="noop", empty_label=None)

    class Meta:
        model = Startup
        form = FilterForm
        fields: list[str] = []

    def __init__(self, *args, viewer: Viewer = ANONYMOUS, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        for name in ("sort", "topic", "hub"):
            # Choices are set per request below: a form field that a reader of the class (the API schema) built and
            # cached on the shared filter would keep the old ones.
            self.filters[name].__dict__.pop("_field", None)
        if not str(self.data.get("q") or "").strip():  # type: ignore[has-type]  # django-filter is untyped
            # Nothing to rank without a search word: Relevance is not offered, so the control shows Newest,
            # the order applied; a Relevance left over from a cleared search word is that order too.
            self.filters["sort"].extra["choices"] = [c for c in self.SORTS if c[0] != "relevance"]
            if self.data.get("sort") == "relevance":  # type: ignore[has-type]  # django-filter is untyped
                self.data = self.data.copy()  # type: ignore[has-type]  # django-filter is untyped
                self.data["sort"] = "newest"
        all_topics, hubs = filter_choices()
        topics = sorted(all_topics, key=lambda topic: topic.name.lower())
        self.filters["topic"].extra["choices"] = [(t.slug, t.name) for t in topics]
        self.filters["hub"].extra["choices"] = [(h.slug, h.name) for h in hubs]
        # Ids known in advance give the planner constants to estimate with (a slug subquery hides them).
        self.topic_ids = {t.slug: t.pk for t in topics}
        self.hub_ids = {h.slug: h.pk for h in hubs}

    def search(self, queryset, name, value):
        return queryset.search(value, description_where=self.viewer.group_q("company"))

    def filter_topic(self, queryset, name, value: list[str]):
        if not value:
            return queryset
        # The startup's topic ids on its row (startups/signals.py keep them), searched by a GIN index.
        return queryset.filter(topic_ids__overlap=[self.topic_ids[slug] for slug in value])

    def filter_hub(self, queryset, name, value):
        return queryset.filter(hub_id__in=[self.hub_ids[slug] for slug in value]) if value else queryset

    def filter_seeking(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(self.viewer.group_q("funding"), seeking_funding=value)

    def filter_funding_min(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("funding"), funding_sought__gte=value)

    def filter_funding_max(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("funding"), funding_sought__lte=value)

    def filter_team_min(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("company"), team_size__gte=value)

    def filter_team_max(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("company"), team_size__lte=value)

    def filter_founded_min(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("company"), founded_year__gte=value)

    def filter_founded_max(self, queryset, name, value):
        return queryset.filter(self.viewer.group_q("company"), founded_year__lte=value)

    def noop(self, queryset, name, value):
        return queryset

    @property
    def sort_key(self) -> str:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        sort = data.get("sort") or ("relevance" if data.get("q") else "newest")
        if sort == "relevance" and not data.get("q"):
            sort = "newest"
        return sort

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        sort = self.sort_key
        if sort == "relevance":
            return queryset.order_by("-rank", "-published_at", "-id")
        if sort == "name":
            return queryset.order_by("name", "id")
        if sort == "funding":
            # The visibility levels alone decide (not team or introductions), so an index serves each level;
            # hidden amounts sort last, so the order reveals nothing.
            key = F("funding_sought") if self.viewer.is_staff else funding_sort_key(self.viewer.levels)
            return queryset.order_by(key.desc(nulls_last=True), "name", "id")
        return queryset.order_by("-published_at", "-id")


class InvestorFilterSet(django_filters.FilterSet):
    """The investor directory's filters (for startups and staff)."""

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=100)
    investor_type = django_filters.MultipleChoiceFilter(
        distinct=False, label=_("Type"), choices=InvestorType.choices, widget=QuickCheckboxSelectMultiple
    )
    stage = django_filters.MultipleChoiceFilter(
        distinct=False,
        label=_("Stage"),
        choices=Stage.choices,
        method="filter_stage",
        widget=QuickCheckboxSelectMultiple,
    )
    topic = django_filters.ModelMultipleChoiceFilter(
        distinct=False,
        label=_("Topic"),
        queryset=Topic.objects.order_by("name_en"),
        to_field_name="slug",
        method="filter_topic",
        widget=QuickCheckboxSelectMultiple,
    )
    ticket = django_filters.NumberFilter(label=_("Ticket size (EUR)"), method="filter_ticket", widget=NumberInput)

    class Meta:
        model = InvestorProfile
        form = FilterForm
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_stage(self, queryset, name, value):
        return queryset.filter(stages__overlap=value) if value else queryset

    def filter_topic(self, queryset, name, value):
        if not value:
            return queryset
        through = InvestorProfile.topics.through.objects.filter(investorprofile_id=OuterRef("pk"), topic__in=value)
        return queryset.filter(Exists(through))

    def filter_ticket(self, queryset, name, value):
        return queryset.filter(
            Q(ticket_min__isnull=True) | Q(ticket_min__lte=value), Q(ticket_max__isnull=True) | Q(ticket_max__gte=value)
        )
