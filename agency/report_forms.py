"""The forms of the hub reports in the admin: comparing the hubs, and a hub manager filing their hub's report."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub

from .comparison import KPIS, kpi_label, quarter_index
from .models import HubReport
from .models.hubnews import current_quarter, previous_quarter

MAX_QUARTERS = 12
YEARS_BACK = 6


def quarter_choices(last: tuple[int, int]) -> list[tuple[str, str]]:
    """ "2026-3" → "2026 Q3", newest first, from `last` back YEARS_BACK years."""
    end = quarter_index(*last)
    return [(f"{i // 4}-{i % 4 + 1}", f"{i // 4} Q{i % 4 + 1}") for i in range(end, end - YEARS_BACK * 4, -1)]


def quarter_value(year_quarter: tuple[int, int]) -> str:
    """(2026, 3) → "2026-3", the value of a quarter in the forms and links."""
    return "{}-{}".format(*year_quarter)


def parse_quarter(value: str) -> tuple[int, int]:
    year, quarter = value.split("-")
    return int(year), int(quarter)


class ComparisonForm(forms.Form):
    """Which key figure and which quarters to compare (a GET form; the last 8 completed quarters by default)."""

    kpi = forms.ChoiceField(label=_("Key figure"))
    first = forms.ChoiceField(label=_("From quarter"))
    last = forms.ChoiceField(label=_("To quarter"))

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["kpi"].choices = [(kpi, kpi_label(kpi)) for kpi in KPIS]
        choices = quarter_choices(current_quarter())
        self.fields["first"].choices = self.fields["last"].choices = choices
        last = previous_quarter()
        first_index = quarter_index(*last) - 7
        first = (first_index // 4, first_index % 4 + 1)
        self.defaults = {"kpi": KPIS[0], "first": quarter_value(first), "last": quarter_value(last)}
        for name, value in self.defaults.items():
            self.fields[name].initial = value

    def clean(self):
        data = super().clean()
        if "first" in data and "last" in data:
            first, last = parse_quarter(data["first"]), parse_quarter(data["last"])
            if first > last:
                raise ValidationError(_("The first quarter must not come after the last."), code="reversed")
            if quarter_index(*last) - quarter_index(*first) >= MAX_QUARTERS:
                raise ValidationError(
                    _("Please compare at most %(count)s quarters.") % {"count": MAX_QUARTERS}, code="too_long"
                )
        return data

    def chosen(self) -> tuple[str, tuple[int, int], tuple[int, int]]:
        """(kpi, first quarter, last quarter): the defaults while the form is not valid."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else self.defaults
        return data["kpi"], parse_quarter(data["first"]), parse_quarter(data["last"])


class HubReportFileForm(forms.ModelForm):
    """A hub's report for one quarter, filed by its manager: the hub list holds only the user's own hubs."""

    hub = forms.ModelChoiceField(label=_("Hub"), queryset=Hub.objects.none(), empty_label=None)
    period = forms.ChoiceField(label=_("Quarter"))

    class Meta:
        model = HubReport
        fields = ["startups_supported", "events_held", "attendees", "investments_raised", "jobs_created", "comments"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].queryset = Hub.objects.editable_by(user).order_by("name")
        self.fields["period"].choices = quarter_choices(previous_quarter())[:4]
        self.order_fields(["hub", "period"])

    def clean_period(self):
        return parse_quarter(self.cleaned_data["period"])
