from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import DigestLog, Introduction, IntroductionEvent, SavedSearch


class IntroductionEventInline(admin.TabularInline):
    model = IntroductionEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "actor", "action", "note"]
    readonly_fields = fields  # type: ignore[assignment]  # admin options typed narrower than Django accepts

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
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
    fields = readonly_fields[:7] + ["staff_notes"] + readonly_fields[7:]  # type: ignore[assignment]  # admin options typed narrower than Django accepts
    inlines = [IntroductionEventInline]
    actions = ["close_introductions"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("status"), ordering="status")
    def current_status(self, obj):
        """A pending request past its expiry shows as expired before `expire_introductions` records it."""
        return obj.get_current_status_display()

    @admin.action(description=_("Close the selected introductions"), permissions=["change"])
    def close_introductions(self, request, queryset):
        closed = 0
        for introduction in queryset:
            try:
                services.intro_close(
                    introduction=introduction, staff_user=request.user, note=str(_("Closed in the admin"))
                )
                closed += 1
            except ValidationError as error:
                self.message_user(request, f"{introduction}: {' '.join(error.messages)}", messages.WARNING)
        self.message_user(request, _("%(count)d introductions closed.") % {"count": closed}, messages.SUCCESS)


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    """Users' saved directory searches (startups or investors) and when their last digest went out."""

    list_display = ["name", "user", "kind", "frequency", "last_sent_at", "created_at"]
    list_filter = ["kind", "frequency"]
    list_select_related = ["user"]
    search_fields = ["name", "user__email"]
    raw_id_fields = ["user"]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["search", "search__kind", "period_start", "period_end", "count", "created_at"]
    list_select_related = ["search"]
    raw_id_fields = ["search", "startups", "investors"]
