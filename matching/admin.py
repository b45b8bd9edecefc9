from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save
from startups.admin.moderation import history_table, named

from . import services
from .models import DigestLog, Introduction, SavedSearch


@admin.register(Introduction)
class IntroductionAdmin(ServiceSaveAdmin):
    """Staff see every request with its history, keep notes and can close stale requests."""

    list_display = ["__str__", "startup", "investor", "requester_side", "current_status", "created_at", "expires_at"]
    list_filter = ["status", "requester_side", "created_at"]
    list_select_related = ["startup", "investor", "investor__user"]
    search_fields = ["startup__name", "investor__organisation", "investor__user__email", "message"]
    readonly_fields = [
        "startup",
        "investor",
        "requester_side",
        "requested_by",
        "message",
        "status",
        "reason",
        "expires_at",
        "decided_at",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields[:7] + ["staff_notes"] + readonly_fields[7:] + ["history"]  # type: ignore[assignment]  # admin options typed narrower than Django accepts
    actions = [
        named(
            bulk_action(
                services.intro_close,
                description=_("Close the selected introductions"),
                done=lambda n: ngettext("%d introduction closed.", "%d introductions closed.", n) % n,
                argument="introduction",
                actor="staff_user",
            ),
            "close_introductions",
        )
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "history"]

    @admin.display(description=_("History"))
    def history(self, obj):
        return history_table(obj)

    def save_model(self, request, obj, form, change):
        services.intro_staff_notes_save(introduction=obj, notes=form.cleaned_data["staff_notes"])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # staff close an introduction (a log entry); it goes with the startup or the investor

    @admin.display(description=_("status"), ordering="status")
    def current_status(self, obj):
        """A pending request past its expiry shows as expired before `expire_introductions` records it."""
        return obj.get_current_status_display()


@admin.register(SavedSearch)
class SavedSearchAdmin(ServiceSaveAdmin):
    """Users' saved directory searches (startups or investors) and when their last digest went out."""

    save_service = reference_save
    delete_service = reference_delete

    list_display = ["name", "user", "kind", "frequency", "last_sent_at", "created_at"]
    list_filter = ["kind", "frequency"]
    list_select_related = ["user"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(DigestLog)
class DigestLogAdmin(ServiceSaveAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["search", "search__kind", "period_start", "period_end", "count", "created_at"]
    list_select_related = ["search"]
    raw_id_fields = ["search", "startups", "investors"]
