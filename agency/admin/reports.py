"""Quarterly hub reports in the admin: the list, who is missing, the hubs compared per key figure (table, SVG
chart, CSV), and the page where hub managers file their own hub's report."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from hubportal.admin.actions import ServiceSaveAdmin
from hubportal.admin.services import reference_delete
from hubportal.errors import ServiceError
from hubportal.exports import csv_response
from hubs.models import Hub, can_manage_all_hubs

from ..comparison import comparison, comparison_rows, quarters_between
from ..models import HubReport
from ..models.hubnews import previous_quarter, report_deadline
from ..report_forms import ComparisonForm, HubReportFileForm, quarter_value
from ..services import hub_report_file, hub_report_missing, hub_report_rows, hub_report_save
from .hubnews import OwnHubMixin


@admin.register(HubReport)
class HubReportAdmin(OwnHubMixin, ServiceSaveAdmin):
    delete_service = reference_delete  # saved by hub_report_save (save_model)
    """Quarterly key figures: hub managers submit theirs; the agency sees who is missing and exports CSV."""

    list_display = [
        "hub",
        "year",
        "quarter",
        "startups_supported",
        "events_held",
        "attendees",
        "investments_raised",
        "jobs_created",
    ]
    list_filter = ["year", "quarter", "hub"]
    list_select_related = ["hub"]
    search_fields = ["hub__name", "comments"]
    actions = ["export_csv"]
    fields = [
        "hub",
        "year",
        "quarter",
        "startups_supported",
        "events_held",
        "attendees",
        "investments_raised",
        "jobs_created",
        "comments",
    ]

    def may_see_all(self, request):
        return can_manage_all_hubs(request.user)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        year, quarter = previous_quarter()
        initial.setdefault("year", year)
        initial.setdefault("quarter", quarter)
        return initial

    def save_model(self, request, obj, form, change):
        hub_report_save(report=obj, by=request.user)

    def get_urls(self):
        return [
            path("missing/", self.admin_site.admin_view(self.missing_view), name="agency_hubreport_missing"),
            path("export/", self.admin_site.admin_view(self.export_view), name="agency_hubreport_export"),
            path("compare/", self.admin_site.admin_view(self.compare_view), name="agency_hubreport_compare"),
            path("file/", self.admin_site.admin_view(self.file_view), name="agency_hubreport_file"),
            *super().get_urls(),
        ]

    def _require_agency(self, request):
        if not (self.has_view_permission(request) and can_manage_all_hubs(request.user)):
            raise Http404

    def missing_view(self, request):
        """Which national hubs have not reported for a quarter (default: the last completed one)."""
        self._require_agency(request)
        year, quarter = previous_quarter()
        try:
            year = int(request.GET.get("year", year))
            quarter = int(request.GET.get("quarter", quarter))
        except ValueError as exc:
            raise Http404 from exc
        if not 1 <= quarter <= 4:
            raise Http404
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Hub reports missing for %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
            "missing": hub_report_missing(year=year, quarter=quarter),
            "year": year,
            "quarter": quarter,
        }
        return TemplateResponse(request, "admin/agency/hubreport/missing.html", context)

    def export_view(self, request):
        """Every report the user may see, as one CSV file."""
        self._require_agency(request)
        return self._csv(self.get_queryset(request))

    @admin.action(description=_("Export selected reports as CSV"))
    def export_csv(self, request, queryset):
        return self._csv(queryset)

    def _csv(self, queryset):
        return csv_response(hub_report_rows(reports=queryset), "hub-reports.csv")

    def compare_view(self, request):
        """One key figure of every hub over the chosen quarters: table, chart and (`?format=csv`) a CSV file."""
        self._require_agency(request)
        form = ComparisonForm(request.GET if "kpi" in request.GET else None)
        kpi, first, last = form.chosen()
        data = comparison(kpi=kpi, quarters=quarters_between(first, last))
        if request.GET.get("format") == "csv" and not form.errors:
            return csv_response(comparison_rows(data), f"hub-reports-{kpi}.csv")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Hub reports compared: %(kpi)s") % {"kpi": data["label"]},
            "form": form,
            "data": data,
            "csv_query": urlencode(
                {"kpi": kpi, "first": quarter_value(first), "last": quarter_value(last), "format": "csv"}
            ),
        }
        return TemplateResponse(request, "admin/agency/hubreport/compare.html", context)

    def file_view(self, request):
        """A hub manager files (or corrects) their own hub's report for a quarter."""
        if not self.has_add_permission(request):
            raise Http404
        initial = self._file_initial(request)
        form = HubReportFileForm(request.POST or None, user=request.user, initial=initial, instance=initial["report"])
        if request.method == "POST" and form.is_valid():
            year, quarter = form.cleaned_data["period"]
            figures = {name: form.cleaned_data[name] for name in HubReportFileForm.Meta.fields}
            try:
                report = hub_report_file(
                    hub=form.cleaned_data["hub"], year=year, quarter=quarter, figures=figures, user=request.user
                )
            except ServiceError as error:
                form.add_error("hub", str(error))
            else:
                messages.success(request, _("The report %(report)s has been saved.") % {"report": report})
                query = f"?hub={report.hub.slug}&quarter={year}-{quarter}"
                return redirect(reverse("admin:agency_hubreport_file") + query)
        year, quarter = previous_quarter()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("File a hub report"),
            "form": form,
            "deadline": report_deadline(year, quarter),
            "due": (year, quarter),
            "filed": self.get_queryset(request).order_by("-year", "-quarter", "hub__name")[:8],
        }
        return TemplateResponse(request, "admin/agency/hubreport/file.html", context)

    def _file_initial(self, request) -> dict:
        """The hub and quarter named in the link (the reminder mail's), with the figures filed so far."""
        hubs = Hub.objects.editable_by(request.user)
        hub = hubs.filter(slug=request.GET.get("hub", "")).first() or hubs.order_by("name").first()
        period = request.GET.get("quarter") or quarter_value(previous_quarter())
        try:
            year, quarter = (int(part) for part in period.split("-"))
        except ValueError:
            year, quarter = previous_quarter()
        report = HubReport.objects.filter(hub=hub, year=year, quarter=quarter).first() if hub else None
        return {"hub": hub, "period": f"{year}-{quarter}", "report": report}
