from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .actions import lines
from .models import Activity


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The activity log, read only: services write it."""

    list_display = ["created_at", "who", "what", "content_type", "object_id"]
    list_filter = ["action", "content_type"]
    list_select_related = ["actor", "content_type"]
    date_hierarchy = "created_at"
    search_fields = ["actor__email", "action"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("who"))
    def who(self, obj):
        return lines([obj])[0].who

    @admin.display(description=_("what"))
    def what(self, obj):
        line = lines([obj])[0]
        return f"{line.label}: {line.text}" if line.text else line.label
