"""The startup directory: filters, search, sort, chips, capped pagination and CSV export."""

from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from hubportal.exports import csv_response

from ..filtersets import StartupFilterSet
from ..listing import listing_build, listing_get, listing_key, listing_personalise, listing_store
from ..models import Startup
from ..visibility import viewer_for_request

MAX_PAGES = 50
PER_PAGE = 20
EXPORT_LIMIT = 5000
EXPORT_CHUNK = 1000  # rows read (with their topics) at a time: the export never holds all 5,000 at once
PRIMARY_FILTERS = ("q", "topic", "hub", "stage", "sort")  # the rest sits under "More filters"


class CappedPaginator(Paginator):
    """Counts at most `max_pages` pages: the last reachable page is as fast as the first."""

    max_pages = MAX_PAGES

    @cached_property
    def count(self):
        limit = self.per_page * self.max_pages
        rows = self.object_list
        if "rank" in rows.query.annotations:
            # No index holds the search rank: ranking every match only to count them would cost what the page does.
            rows = rows.order_by().values("pk")
        # Otherwise keeping the order lets PostgreSQL stop early on the sort index.
        return rows[: limit + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.per_page * self.max_pages

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)


def filter_chips(filterset, request) -> list[dict]:
    """One removable chip per active filter value: its label and the URL without that value."""
    if not filterset.form.is_valid():
        return []
    chips = []
    data = filterset.form.cleaned_data
    for name, field in filterset.form.fields.items():
        value = data.get(name)
        if name == "sort" or value is None or value == "":
            continue
        multiple = isinstance(value, list | tuple | QuerySet)
        for item in list(value) if multiple else [value]:
            if hasattr(item, "slug"):
                raw, shown = item.slug, str(item)
            elif isinstance(item, bool):
                raw, shown = ("true", _("Yes")) if item else ("false", _("No"))  # type: ignore[assignment]  # lazy translation
            else:
                raw = str(item)
                shown = dict(field.choices).get(raw, raw) if getattr(field, "choices", None) else raw
            query = request.GET.copy()
            query.pop("page", None)
            remaining = [v for v in query.getlist(name) if v != raw] if multiple else []
            if remaining:
                query.setlist(name, remaining)
            else:
                query.pop(name, None)
            chips.append({"label": field.label, "value": shown, "url": "?" + query.urlencode()})
    return chips


class StartupListView(ListView):
    """The public directory of published startups. Its filter panel and result list come from the shared cache for
    everyone who sees the same (startups/listing.py); the person's bookmark buttons and save-search form go in."""

    template_name = "startups/startup_list.html"
    context_object_name = "startups"
    paginate_by = PER_PAGE
    paginator_class = CappedPaginator

    @cached_property
    def viewer(self):
        return viewer_for_request(self.request)

    def get(self, request, *args, **kwargs):
        key = listing_key(request, self.viewer)
        found = listing_get(key)
        if found is None:
            self.object_list = self.get_queryset()
            found = listing_build(self.get_context_data(), request)
            listing_store(key, found)
        else:
            self.object_list = Startup.objects.none()
            self.filterset = self.make_filterset(self.object_list)
        save_search = render_to_string(
            "matching/_save_search.html", {"kind": "startups", "filterset": self.filterset}, request
        )
        directory = listing_personalise(found, request, self.viewer, save_search)
        return self.render_to_response({"directory": directory, "viewer": self.viewer, "view": self})

    def make_filterset(self, queryset):
        return StartupFilterSet(self.request.GET, queryset=queryset, request=self.request, viewer=self.viewer)

    def get_queryset(self):
        base = Startup.objects.published().for_listing()
        self.filterset = self.make_filterset(base)
        if not self.filterset.is_valid():
            return base.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            filterset=self.filterset,
            chips=filter_chips(self.filterset, self.request),
            viewer=self.viewer,
            result_count=context["paginator"].count,
            is_capped=context["paginator"].is_capped,
            max_results=PER_PAGE * MAX_PAGES,
            primary_fields=PRIMARY_FILTERS,
            more_filters_open=any(
                self.request.GET.get(name) for name in self.filterset.form.fields if name not in PRIMARY_FILTERS
            )
            or bool(self.filterset.errors),
        )
        return context


class StartupExportView(View):
    """CSV of the current filtered result for verified investors and staff, only with fields they may see."""

    COLUMNS = [
        ("name", _("Name")),
        ("url", _("Profile")),
        ("pitch", _("One-line pitch")),
        ("stage", _("Stage")),
        ("business_model", _("Business model")),
        ("topics", _("Topics")),
        ("hub", _("Home hub")),
        ("city", _("City")),
        ("website", _("Website")),
        ("founded_year", _("Founded in")),
        ("team_size", _("Team size")),
        ("seeking_funding", _("Seeking funding")),
        ("funding_sought", _("Funding sought (EUR)")),
        ("current_round", _("Current round")),
        ("contact_email", _("Contact email")),
    ]

    def get(self, request):
        viewer = viewer_for_request(request)
        if not viewer.can_export:
            raise PermissionDenied
        base = Startup.objects.published().for_export()
        filterset = StartupFilterSet(request.GET, queryset=base, request=request, viewer=viewer)
        queryset = filterset.qs if filterset.is_valid() else base.none()
        stamp = timezone.localtime().strftime("%Y-%m-%d")
        rows = self.rows(queryset[:EXPORT_LIMIT].iterator(chunk_size=EXPORT_CHUNK), viewer, request)
        return csv_response(rows, f"startups-{stamp}.csv")

    def rows(self, queryset, viewer, request):
        yield [str(label) for _key, label in self.COLUMNS]
        for startup in queryset:
            visible = viewer.visible_fields(startup)
            row = []
            for key, _label in self.COLUMNS:
                if key == "url":
                    row.append(request.build_absolute_uri(startup.get_absolute_url()))
                elif key not in visible:
                    row.append("")
                elif key == "topics":
                    row.append(", ".join(t.name for t in startup.topics.all()))
                elif key == "hub":
                    row.append(startup.hub.name if startup.hub else "")
                elif key in {"stage", "business_model"}:
                    row.append(getattr(startup, f"get_{key}_display")())
                elif key == "seeking_funding":
                    row.append(str(_("Yes") if startup.seeking_funding else _("No")))
                else:
                    value = getattr(startup, key)
                    row.append("" if value is None else str(value))
            yield row
