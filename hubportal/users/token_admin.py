"""The personal API tokens in the admin: to read and to revoke, for superusers and agency administrators.

Nobody adds, edits or deletes a token here: people create and revoke their own on the account page, and a token goes
with its account. Staff revoke a leaked or misused token with the action, which goes through the service (and so
into the activity log). The digest is never shown and cannot be filtered on.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.activity.actions import lines_html
from hubportal.activity.models import Activity
from hubportal.admin.actions import bulk_action

from .services.api_tokens import api_token_revoke_as_staff

FIELDS = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]


class RevokedFilter(admin.SimpleListFilter):
    title = _("revoked")
    parameter_name = "revoked"

    def lookups(self, request, model_admin):
        return [("no", _("Active")), ("yes", _("Revoked"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(revoked_at__isnull=self.value() == "no")
        return queryset


revoke_selected = bulk_action(
    api_token_revoke_as_staff,
    description=_("Revoke selected API tokens"),
    done=lambda n: ngettext("%d API token revoked.", "%d API tokens revoked.", n) % n,
    argument="token",
    permissions=("revoke",),
)
revoke_selected.__name__ = "revoke_selected"


class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user_email", *FIELDS[1:]]
    list_display_links = ["name"]
    list_filter = [RevokedFilter]
    list_select_related = ["user"]
    search_fields = ["user__email"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    fields = [*FIELDS, "history"]
    readonly_fields = [*FIELDS, "history"]
    actions = [revoke_selected]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # no "delete selected" either: a token is revoked, and goes with its account

    def has_revoke_permission(self, request):
        """Revoking is what the change permission of API tokens allows (agency administrators, superusers)."""
        return request.user.has_perm(f"{self.opts.app_label}.change_{self.opts.model_name}")

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering by the digest: `?digest__startswith=…` would read it bit by bit."""
        if lookup.split("__")[0] == "digest":
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("user"), ordering="user__email")
    def user_email(self, obj):
        return obj.user.email

    @admin.display(description=_("history"))
    def history(self, obj):
        return lines_html(Activity.objects.of(obj).select_related("actor"))
