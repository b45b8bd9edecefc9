from django.contrib import admin

from hubportal.admin.actions import ServiceDeleteAdmin
from hubportal.admin.services import reference_delete

from .models import JobRun


@admin.register(JobRun)
class JobRunAdmin(ServiceDeleteAdmin):
    delete_service = reference_delete
    """Read-only: what ran when, where, and how it ended (failed and resumed runs included)."""

    list_display = ["job", "period_start", "status", "attempts", "runner", "started_at", "finished_at"]
    list_filter = ["status", "job"]
    search_fields = ["job", "runner"]
    date_hierarchy = "started_at"
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
