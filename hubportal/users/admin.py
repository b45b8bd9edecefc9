from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import User
from .services import AccountDeletionBlocked, account_delete


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "account_type", "is_staff", "is_active", "date_joined"]
    list_filter = ["account_type", "is_staff", "is_superuser", "is_active", "language", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "account_type", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    actions = ["delete_and_anonymise"]

    @admin.action(description=_("Delete selected accounts as on request (anonymise, mail)"), permissions=["delete"])
    def delete_and_anonymise(self, request, queryset):
        """The same deletion a person does on their account page, e.g. for a request by mail."""
        deleted = 0
        for user in queryset:
            try:
                account_delete(user=user)
            except AccountDeletionBlocked as blocked:
                self.message_user(request, f"{user.email}: {blocked.message}", messages.ERROR)
            else:
                deleted += 1
        if deleted:
            self.message_user(
                request,
                ngettext("%(count)d account deleted.", "%(count)d accounts deleted.", deleted) % {"count": deleted},
                messages.SUCCESS,
            )
