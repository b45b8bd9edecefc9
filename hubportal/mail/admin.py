from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from .models import OutboundEmail
from .services import enqueue_delivery


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipients", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "language", "template"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["retry_now"]

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Try to deliver the selected mails again now"))
    def retry_now(self, request, queryset):
        count = 0
        for outbound in queryset.exclude(status=OutboundEmail.Status.SENT):
            outbound.status = OutboundEmail.Status.RETRYING
            outbound.next_attempt_at = None  # due now
            outbound.save(update_fields=["status", "next_attempt_at"])
            enqueue_delivery(outbound.pk)
            count += 1
        self.message_user(request, _("%(count)d mail(s) queued again.") % {"count": count}, messages.SUCCESS)
