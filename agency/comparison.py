"""The hubs' quarterly figures side by side: one key figure per page, every hub against every quarter, each cell
with its change against the quarter before, missing reports marked (two queries however many hubs and quarters)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext as _

from hubs.models import Hub

from .models import HubReport

KPIS = ["startups_supported", "events_held", "attendees", "investments_raised", "jobs_created"]
CHART_ROW = 40  # px per hub in the chart
BAR_HEIGHT = 30


def kpi_label(kpi: str) -> str:
    return str(HubReport._meta.get_field(kpi).verbose_name)  # type: ignore[union-attr]  # concrete fields


def quarter_index(year: int, quarter: int) -> int:
    return year * 4 + quarter - 1


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (year, quarter) from `first` to `last`, both included."""
    return [(i // 4, i % 4 + 1) for i in range(quarter_index(*first), quarter_index(*last) + 1)]


@dataclass
class Cell:
    year: int
    quarter: int
    value: int | None  # None: no report
    change: int | None = None  # against the quarter before, when both have a report
    percent: float | None = None
    bar: dict | None = None

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def trend(self) -> str:
        if self.change is None:
            return ""
        return "up" if self.change > 0 else "down" if self.change < 0 else "same"


def comparison(*, kpi: str, quarters: list[tuple[int, int]]) -> dict:
    """The rows (one per hub: active national hubs, and any other hub that reported), the totals per quarter and
    the chart geometry for `kpi` over `quarters` (year, quarter with the quarter 1–4)."""
    first = quarter_index(*quarters[0]) - 1  # the quarter before, for the first column's change
    last = quarter_index(*quarters[-1])
    values = {
        (hub_id, year, quarter): value
        for hub_id, year, quarter, value in HubReport.objects.alias(index=F("year") * 4 + F("quarter") - 1)
        .filter(index__gte=first, index__lte=last)
        .values_list("hub_id", "year", "quarter", kpi)
    }
    reported = {hub_id for hub_id, _year, _quarter in values}
    hubs = Hub.objects.filter(Q(is_active=True, kind=Hub.Kind.NATIONAL) | Q(pk__in=reported)).order_by("name")
    top = max(values.values(), default=0) or 1
    rows: list[dict[str, Any]] = []
    for hub in hubs:
        cells = []
        for year, quarter in quarters:
            value = values.get((hub.pk, year, quarter))
            before_index = quarter_index(year, quarter) - 1
            before = values.get((hub.pk, before_index // 4, before_index % 4 + 1))
            cell = Cell(year, quarter, value)
            if value is not None and before is not None:
                cell.change = value - before
                cell.percent = round(cell.change * 100 / before, 1) if before else None
            cells.append(cell)
        rows.append({"hub": hub, "cells": cells})
    totals = [
        {
            "value": sum(row["cells"][i].value or 0 for row in rows),
            "missing": sum(row["cells"][i].missing for row in rows),
        }
        for i in range(len(quarters))
    ]
    layout_chart(rows, top, len(quarters))
    return {
        "kpi": kpi,
        "label": kpi_label(kpi),
        "quarters": quarters,
        "rows": rows,
        "totals": totals,
        "chart_height": max(len(rows), 1) * CHART_ROW,
        "slot": round(100 / len(quarters), 3),
    }


def layout_chart(rows: list[dict], top: int, slots: int) -> None:
    """Puts on each cell its bar (x in percent of the plot, height in px) or its "missing" mark."""
    slot = 100 / slots
    for index, row in enumerate(rows):
        row["y"] = index * CHART_ROW
        for position, cell in enumerate(row["cells"]):
            height = round((cell.value or 0) * BAR_HEIGHT / top, 1)
            cell.bar = {
                "x": round(position * slot + slot * 0.15, 3),
                "width": round(slot * 0.7, 3),
                "y": row["y"] + 4 + BAR_HEIGHT - height,
                "height": height,
                "mid": round(position * slot + slot / 2, 3),
                "base": row["y"] + 4 + BAR_HEIGHT,
            }


def comparison_rows(data: dict):
    """The comparison as CSV rows: one per hub and quarter, header first (hubportal.exports writes the file)."""
    yield [_("Hub"), _("Year"), _("Quarter"), data["label"], _("Change against the quarter before"), _("Report")]
    for row in data["rows"]:
        for cell in row["cells"]:
            yield [
                row["hub"].name,
                cell.year,
                f"Q{cell.quarter}",
                cell.value,
                cell.change,
                _("missing") if cell.missing else _("filed"),
            ]
