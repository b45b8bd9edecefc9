"""The admins of third-party apps whose column names, list titles and app names come without a translation, and
which save and delete through services as our own do (ServiceSaveAdmin: sites, email addresses, authenticators).

allauth's authenticators and django-tasks-db's task results name their columns after plain field names ("user",
"created at"), which no catalogue can translate; their admins are registered again here with translated column
names. The models' names in the app list go through our catalogue (PortalAdminSite.get_app_list), which
holds them thanks to the list below (never imported for its values).
"""

from allauth.account import admin as account_admin
from allauth.account.models import EmailAddress
from allauth.mfa import admin as mfa_admin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.sites import admin as sites_admin
from django.contrib.sites.models import Site
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext, pgettext_lazy
from django_tasks_db import admin as tasks_admin
from django_tasks_db.models import DBTaskResult

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save
from hubportal.users.services.addresses import email_address_mark_verified

THIRD_PARTY_TEXTS = [
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
    gettext_noop("MFA"),
    gettext_noop("authenticator"),
    gettext_noop("authenticators"),
    gettext_noop("TOTP Authenticator"),
    gettext_noop("status"),
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("priority"),
    gettext_noop("queue name"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("backend name"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
    gettext_noop("args kwargs"),
    # Django's own, missing from its German catalogue:
    gettext_noop("Raw passwords are not stored, so there is no way to see the user’s password."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
]


class AuthenticatorAdmin(ServiceSaveAdmin, mfa_admin.AuthenticatorAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["owner", "kind", "created", "last_used"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = ["type", "created_at", "last_used_at"]

    @admin.display(description=_("user"), ordering="user__email")
    def owner(self, obj):
        return obj.user

    @admin.display(description=_("kind"), ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Authenticators (two-factor authentication)"),
            "model_name_plural": _("authenticators"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


class TaskResultAdmin(tasks_admin.DBTaskResultAdmin):
    @admin.display(description=_("traceback"))
    def formatted_traceback(self, obj):
        return super().formatted_traceback(obj)

    @admin.display(description=_("run after"))
    def display_run_after(self, obj):
        return super().display_run_after(obj)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "title": _("Results of background tasks"),
            "model_name_plural": _("Task Results"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)


class SiteAdmin(ServiceSaveAdmin, sites_admin.SiteAdmin):
    save_service = reference_save
    delete_service = reference_delete


mark_verified = bulk_action(
    email_address_mark_verified,
    description=_("Mark selected email addresses as verified"),
    done=lambda n: ngettext("%d address marked verified.", "%d addresses marked verified.", n) % n,
    argument="address",
)
mark_verified.__name__ = "make_verified"  # the name of allauth's own action, which it replaces


class EmailAddressAdmin(ServiceSaveAdmin, account_admin.EmailAddressAdmin):
    """allauth's admin of the addresses; "Mark as verified" goes through `email_address_mark_verified` (refuses an
    address verified elsewhere, writes the activity log) instead of allauth's own queryset update."""

    save_service = reference_save
    delete_service = reference_delete
    actions = [mark_verified]


REGISTERED_AGAIN = (
    (Authenticator, AuthenticatorAdmin),
    (DBTaskResult, TaskResultAdmin),
    (Site, SiteAdmin),
    (EmailAddress, EmailAddressAdmin),
)
for model, model_admin in REGISTERED_AGAIN:
    admin.site.unregister(model)
    admin.site.register(model, model_admin)
