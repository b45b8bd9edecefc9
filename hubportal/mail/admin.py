from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save

from .models import OutboundEmail
from .services import email_retry_one

retry_now = bulk_action(
    email_retry_one,
    description=_("Try to deliver the selected mails again now"),
    done=lambda n: _("%(count)d mail(s) queued again.") % {"count": n},
    argument="outbound",
)
retry_now.__name__ = "retry_now"


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ServiceSaveAdmin):
    save_service = reference_save  # every field is read only: a change page writes nothing; retry_now resends
    delete_service = reference_delete
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "language", "template"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = [retry_now]
    # Bodies and headers may hold password-reset, confirmation and invitation links: whoever reads them can take
    # over the recipient's account, a superuser's too. Only superusers see them.
    SECRET_FIELDS = ("body_text", "body_html", "headers", "attachments")

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "body_hidden"]
        if request.user.is_superuser:
            return fields
        return [name for name in fields if name not in self.SECRET_FIELDS] + ["body_hidden"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "body_hidden"]

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering by the hidden fields either: `?body_text__contains=…` would reveal a link bit by bit."""
        if lookup.split("__")[0] in self.SECRET_FIELDS and not (request and request.user.is_superuser):
            return False
        return super().lookup_allowed(lookup, value, request)

    @admin.display(description=_("content"))
    def body_hidden(self, obj):
        return _("Hidden: mails may contain sign-in, confirmation or invitation links. Only superusers see them.")

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False
