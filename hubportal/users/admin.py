from contextvars import ContextVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.groups import GroupAdmin, GroupListFilter, GroupMultipleChoiceField, permission_formfield_kwargs
from hubportal.admin.services import reference_save

from .models import ApiToken, User
from .services import account_delete, account_delete_by_staff
from .services.passwords import password_set_by_staff
from .token_admin import ApiTokenAdmin

# Only a superuser may hand out these: the staff groups (hubportal/admin/roles.py) are the rights others assign.
SUPERUSER_ONLY_FIELDS = ["is_superuser", "user_permissions"]


# The staff member on the user's password page: Django's view builds the form itself, without the request.
ACTING_STAFF: ContextVar[User | None] = ContextVar("acting_staff", default=None)


class StaffPasswordForm(AdminPasswordChangeForm):
    """Django's form (validation, "password login disabled"); the write is `password_set_by_staff`."""

    def set_password_and_save(self, user, password_field_name="password1", commit=True):  # noqa: S107 - a field name
        usable = self.cleaned_data.get("set_usable_password", True)
        password = self.cleaned_data[password_field_name] if usable else None
        return password_set_by_staff(user=user, password=password, by=ACTING_STAFF.get())


# The same deletion a person does on their account page, e.g. for a request by mail.
delete_and_anonymise = bulk_action(
    account_delete_by_staff,
    description=_("Delete selected accounts as on request (anonymise, mail)"),
    done=lambda n: ngettext("%(count)d account deleted.", "%(count)d accounts deleted.", n) % {"count": n},
    argument="user",
    permissions=("delete",),
)
delete_and_anonymise.__name__ = "delete_and_anonymise"


@admin.register(User)
class UserAdmin(ServiceSaveAdmin, DjangoUserAdmin):
    """The delete page deletes as self-service deletion does (`account_delete`: anonymise, mail); a staff account is
    refused there with the service's message on the change page (remove the staff status first)."""

    save_service = reference_save
    delete_service = account_delete
    delete_argument = "user"
    change_password_form = StaffPasswordForm

    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "account_type", "is_staff", "is_active", "date_joined"]
    list_filter = ["account_type", "is_staff", "is_superuser", "is_active", "language", ("groups", GroupListFilter)]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "account_type", "language"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["form_class"] = GroupMultipleChoiceField
        if db_field.name == "user_permissions":
            kwargs = permission_formfield_kwargs(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += SUPERUSER_ONLY_FIELDS
        return readonly

    def user_change_password(self, request, id, form_url=""):
        acting = ACTING_STAFF.set(request.user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            ACTING_STAFF.reset(acting)

    def has_change_permission(self, request, obj=None):
        # A superuser's account (email, password) is changed by superusers only, or taking it over is a way up.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    actions = [delete_and_anonymise]


# django.contrib.auth's admin module (imported above, so it has registered Group) shows the names untranslated.
admin.site.unregister(Group)
admin.site.register(Group, GroupAdmin)
admin.site.register(ApiToken, ApiTokenAdmin)
