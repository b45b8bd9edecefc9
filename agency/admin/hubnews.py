from django.contrib import admin
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from hubportal.exports import csv_response
from hubs.models import Hub, can_manage_all_hubs

from ..models import HubReport, HubUpdate
from ..models.hubnews import can_edit_all_hub_updates, previous_quarter
from ..services import hub_report_missing, hub_report_rows, hub_report_save, hub_update_save


class OwnHubMixin:
    """Hub managers see and edit only their hubs' rows; a foreign id is a 404."""

    def get_queryset(self, request):
        return self.model.objects.editable_by(request.user).select_related("hub")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub" and not self.may_see_all(request):
            kwargs["queryset"] = Hub.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(HubUpdate)
class HubUpdateAdmin(OwnHubMixin, admin.ModelAdmin):
    """Hub managers post news for their own hubs; agency staff and content editors for every hub."""

    list_display = ["title_de", "hub", "is_published", "published_at", "updated_at"]
    list_filter = ["is_published", "hub"]
    list_select_related = ["hub"]
    search_fields = ["title_de", "title_en", "text_de", "text_en"]
    prepopulated_fields = {"slug": ["title_de"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["hub", "slug", "is_published", "published_at"]}),
        (_("German"), {"fields": ["title_de", "text_de", "image_alt_de"]}),
        (_("English"), {"fields": ["title_en", "text_en", "image_alt_en"]}),
        (_("Image"), {"fields": ["image"]}),
    ]

    def may_see_all(self, request):
        return can_edit_all_hub_updates(request.user)

    def save_model(self, request, obj, form, change):
        hub_update_save(update=obj, by=request.user)


@admin.register(HubReport)
class HubReportAdmin(OwnHubMixin, admin.ModelAdmin):
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
