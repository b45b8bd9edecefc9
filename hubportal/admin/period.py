"""The reporting period of the admin dashboard: this month, quarter or year, or dates chosen by hand."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

MAX_CUSTOM_DAYS = 3 * 366


@dataclass(frozen=True)
class Period:
    """Days `first` to `last`, both included."""

    first: date
    last: date

    @property
    def start(self) -> datetime:
        """The first moment of the period (aware, local time)."""
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:
        """The first moment after the period: filter with `__lt`."""
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    def month_starts(self) -> list[date]:
        """The first day of each month the period touches, oldest first."""
        months, current = [], self.first.replace(day=1)
        while current <= self.last:
            months.append(current)
            current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
        return months

    def __str__(self):
        first, last = (formats.date_format(day, "SHORT_DATE_FORMAT") for day in (self.first, self.last))
        return f"{first} – {last}"


def period_of(kind: str, today: date) -> Period:
    """The month, quarter or year `today` falls in."""
    if kind == "month":
        first = today.replace(day=1)
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    elif kind == "year":
        first, following = date(today.year, 1, 1), date(today.year + 1, 1, 1)
    else:
        first = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        following = date(first.year + (first.month + 2) // 12, (first.month + 2) % 12 + 1, 1)
    return Period(first, following - timedelta(days=1))


class PeriodForm(forms.Form):
    """The dashboard's period selector (a GET form): the current month, quarter or year, or from–to."""

    KINDS = [
        ("month", _("This month")),
        ("quarter", _("This quarter")),
        ("year", _("This year")),
        ("custom", _("From – to")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=KINDS, initial="quarter", required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("period") != "custom":
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in self.errors or "end" in self.errors:
            return data
        if start is None or end is None:
            raise ValidationError(_("Please give both dates of the period."), code="incomplete")
        if start > end:
            raise ValidationError(_("The period must not end before it starts."), code="reversed")
        if (end - start).days > MAX_CUSTOM_DAYS:
            raise ValidationError(_("Please choose a period of at most three years."), code="too_long")
        return data

    def chosen(self, today: date | None = None) -> Period:
        """The chosen period; the current quarter while the form is not valid."""
        today = today or timezone.localdate()
        if not self.is_valid():
            return period_of("quarter", today)
        kind = self.cleaned_data.get("period") or "quarter"
        if kind == "custom":
            return Period(self.cleaned_data["start"], self.cleaned_data["end"])
        return period_of(kind, today)
