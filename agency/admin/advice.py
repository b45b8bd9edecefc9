from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import AdviceEvent, AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from ..services import (
    advice_note_add,
    advice_reply_send,
    advice_request_assign,
    advice_request_close,
    advice_request_log_changes,
    advice_request_set_status,
)

Status = AdviceRequest.Status


def advice_staff():
    """Active staff who may work on advice requests (by group, own permission or as superuser): the advisors to pick."""
    user_model = get_user_model()
    permission = Permission.objects.filter(content_type__app_label="agency", codename="change_advicerequest")
    via_group = user_model.groups.through.objects.filter(user_id=OuterRef("pk"), group__permissions__in=permission)
    own = user_model.user_permissions.through.objects.filter(user_id=OuterRef("pk"), permission__in=permission)
    return user_model.objects.filter(is_staff=True, is_active=True).filter(
        Q(is_superuser=True) | Exists(via_group) | Exists(own)
    )


class MineFilter(admin.SimpleListFilter):
    title = _("advisor")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("open", _("My open requests")), ("unassigned", _("Not assigned yet"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open().filter(advisor=request.user)
        if self.value() == "unassigned":
            return queryset.open().filter(advisor__isnull=True)
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("open", _("Open"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "open":
            return queryset.open()
        return queryset


class AdviceRequestAdminForm(forms.ModelForm):
    class Meta:
        model = AdviceRequest
        fields = ["topic", "preferred_hub", "advisor", "status", "outcome"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Status.CLOSED and not cleaned.get("outcome"):
            self.add_error("outcome", _("A closed request needs an outcome."))
        if cleaned.get("status") != Status.CLOSED and cleaned.get("outcome"):
            self.add_error("outcome", _("Only a closed request has an outcome."))
        return cleaned


class ServiceInline(admin.StackedInline):
    """Existing entries are read-only; new ones are saved through the services (history, mail)."""

    extra = 1  # one empty form, so answering needs no JavaScript
    fields = ["text", "author", "created_at"]
    readonly_fields = ["author", "created_at"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class AdviceNoteInline(ServiceInline):
    model = AdviceNote
    verbose_name_plural = _("internal notes (never shown to the requester)")


class AdviceReplyInline(ServiceInline):
    model = AdviceReply
    verbose_name_plural = _("public replies (mailed to the requester)")
    fields = ["text", "author", "by_requester", "created_at"]
    readonly_fields = ["author", "by_requester", "created_at"]


class AdviceEventInline(admin.TabularInline):
    model = AdviceEvent
    fields = ["created_at", "actor", "action", "detail"]
    readonly_fields = fields  # type: ignore[assignment]  # admin options typed narrower than Django accepts
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(AdviceRequest)
class AdviceRequestAdmin(admin.ModelAdmin):
    """Triage: the advisor's own open requests first, overdue ones flagged; every change goes into the history."""

    form = AdviceRequestAdminForm
    list_display = ["__str__", "requester", "status", "advisor", "overdue", "created_at", "last_public_reply_at"]
    list_filter = [MineFilter, OverdueFilter, "status", "topic", "preferred_hub", "advisor", "outcome"]
    list_select_related = ["requester", "advisor", "preferred_hub", "startup"]
    search_fields = ["message", "requester__email", "requester__last_name", "startup__name"]
    readonly_fields = [
        "requester_contact",
        "organisation",
        "startup",
        "message",
        "contact_way",
        "phone",
        "created_at",
        "last_public_reply_at",
        "closed_at",
    ]
    fieldsets = [
        (
            _("Request"),
            {"fields": ["requester_contact", "organisation", "startup", "topic", "message", "preferred_hub"]},
        ),
        (_("Contact"), {"fields": ["contact_way", "phone"]}),
        (_("Triage"), {"fields": ["advisor", "status", "outcome", "created_at", "last_public_reply_at", "closed_at"]}),
    ]
    inlines = [AdviceReplyInline, AdviceNoteInline, AdviceEventInline]
    actions = ["assign_to_me", "close_resolved"]
    view_on_site = False  # the public page belongs to the requester only

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    def get_ordering(self, request):
        mine = Q(advisor_id=request.user.pk) & ~Q(status=Status.CLOSED)
        return [Case(When(mine, then=Value(0)), default=Value(1)).asc(), "-created_at", "-id"]

    def has_add_permission(self, request):
        return False  # requests come from the requesters' form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "advisor":
            # Only staff who can open the request: a hub or event manager assigned here would get 403.
            kwargs["queryset"] = advice_staff().order_by("last_name", "email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("overdue"))
    def overdue(self, obj):
        # A warning marker, not `boolean=True`: Django would show overdue as a green check and on time as a red ✗.
        if not obj.is_overdue():
            return ""
        return format_html('<strong class="advice-overdue">⚠ {}</strong>', _("Overdue"))

    @admin.display(description=_("requester"))
    def requester_contact(self, obj):
        # Name and address instead of a link to the user page, which advisors may not open.
        if obj.requester is None:
            return _("Account deleted")
        user = obj.requester
        name = user.get_full_name()
        if not name:
            return format_html('<a href="mailto:{}">{}</a>', user.email, user.email)
        return format_html('{} &lt;<a href="mailto:{}">{}</a>&gt;', name, user.email, user.email)

    @admin.display(description=_("organisation"))
    def organisation(self, obj):
        profile = OrganisationProfile.objects.filter(user_id=obj.requester_id).first()
        return f"{profile.company_name} ({profile.get_size_display()}, {profile.sector})" if profile else "–"

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        data, changed = form.cleaned_data, form.changed_data
        old = AdviceRequest.objects.select_related("preferred_hub").get(pk=obj.pk)
        plain = [name for name in ("topic", "preferred_hub") if name in changed]
        if plain:
            AdviceRequest.objects.filter(pk=obj.pk).update(**{n: data[n] for n in plain}, updated_at=timezone.now())
            advice_request_log_changes(
                request=obj,
                actor=request.user,
                changed={
                    str(form.fields[n].label): (
                        str(getattr(old, f"get_{n}_display")() if n == "topic" else old.preferred_hub or ""),
                        str(getattr(obj, f"get_{n}_display")() if n == "topic" else obj.preferred_hub or ""),
                    )
                    for n in plain
                },
            )
        if "advisor" in changed:
            if data["advisor"] is not None:
                advice_request_assign(request=obj, advisor=data["advisor"], actor=request.user)
            else:
                AdviceRequest.objects.filter(pk=obj.pk).update(advisor=None, updated_at=timezone.now())
                advice_request_log_changes(
                    request=obj, actor=request.user, changed={str(_("advisor")): (str(old.advisor or ""), "")}
                )
        if "status" in changed or "outcome" in changed:
            if data["status"] == Status.CLOSED:
                advice_request_close(request=obj, outcome=data["outcome"], actor=request.user)
            else:
                advice_request_set_status(request=obj, status=data["status"], actor=request.user)
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        services = {AdviceNote: advice_note_add, AdviceReply: advice_reply_send}
        service = services.get(formset.model)
        if service is None:
            return super().save_formset(request, form, formset, change)
        for inline_form in formset.extra_forms:
            if inline_form.has_changed() and inline_form.cleaned_data.get("text"):
                service(request=form.instance, author=request.user, text=inline_form.cleaned_data["text"])
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    @admin.action(description=_("Assign selected requests to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        for advice in queryset:
            advice_request_assign(request=advice, advisor=request.user, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d request assigned to you.", "%(count)d requests assigned to you.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Close selected requests as resolved"), permissions=["change"])
    def close_resolved(self, request, queryset):
        for advice in queryset:
            advice_request_close(request=advice, outcome=AdviceRequest.Outcome.RESOLVED, actor=request.user)
        count = len(queryset)
        self.message_user(
            request,
            ngettext("%(count)d request closed.", "%(count)d requests closed.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(admin.ModelAdmin):
    list_display = ["company_name", "user", "size", "sector", "updated_at"]
    list_filter = ["size"]
    list_select_related = ["user"]
    search_fields = ["company_name", "sector", "user__email"]
    autocomplete_fields = ["user"]
