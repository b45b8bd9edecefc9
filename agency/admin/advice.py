from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.db.models import Exists, OuterRef, Q
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.admin.services import reference_delete, reference_save
from hubportal.errors import ServiceError

from ..models import AdviceNote, AdviceReply, AdviceRequest, OrganisationProfile
from ..services import (
    advice_note_add,
    advice_reply_send,
    advice_request_assign,
    advice_request_close,
    advice_request_update,
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


class ActivityFormSet(BaseGenericInlineFormSet):
    """Reads all entries in the reader's language at once: the people they name are looked up in one query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entries = self.get_queryset()
        for entry, line in zip(entries, lines(entries), strict=True):
            entry.line = line


class ActivityInline(GenericTabularInline):
    """The request's history from the activity log, read only (the services write it)."""

    model = Activity
    formset = ActivityFormSet  # type: ignore[assignment]  # a generic inline's formset, which the stubs do not know
    fields = ["when", "who", "what"]
    readonly_fields = ["when", "who", "what"]
    extra = 0
    can_delete = False
    verbose_name = _("history entry")
    verbose_name_plural = _("history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # The history belongs to the request: whoever may see the request sees it, without rights on the whole log.
        user = request.user
        return user.has_perm("agency.view_advicerequest") or user.has_perm("agency.change_advicerequest")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor").order_by("-created_at", "-id")

    @admin.display(description=_("when"))
    def when(self, obj):
        return formats.date_format(timezone.localtime(obj.line.when), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("who"))
    def who(self, obj):
        return obj.line.who

    @admin.display(description=_("what"))
    def what(self, obj):
        return f"{obj.line.label}: {obj.line.text}" if obj.line.text else obj.line.label


def _named(action, name: str):
    action.__name__ = name
    return action


assign_to_me = _named(
    bulk_action(
        advice_request_assign,
        description=_("Assign selected requests to me"),
        done=lambda n: (
            ngettext("%(count)d request assigned to you.", "%(count)d requests assigned to you.", n) % {"count": n}
        ),
        argument="request",
        actor="actor",
        extra=lambda request: {"advisor": request.user},
    ),
    "assign_to_me",
)
close_resolved = _named(
    bulk_action(
        advice_request_close,
        description=_("Close selected requests as resolved"),
        done=lambda n: ngettext("%(count)d request closed.", "%(count)d requests closed.", n) % {"count": n},
        argument="request",
        actor="actor",
        extra=lambda request: {"outcome": AdviceRequest.Outcome.RESOLVED},
    ),
    "close_resolved",
)


def _requester_name(advice: AdviceRequest) -> str:
    return str(advice.requester) if advice.requester is not None else str(_("Account deleted"))


def _organisation_name(advice: AdviceRequest) -> str:
    """The requester's company (organisation profile), else the startup the request is about."""
    profile = getattr(advice.requester, "organisation_profile", None) if advice.requester is not None else None
    if profile is not None:
        return profile.company_name
    return advice.startup.name if advice.startup is not None else ""


@admin.register(AdviceRequest)
class AdviceRequestAdmin(ServiceSaveAdmin):
    """Triage, newest first, overdue ones flagged; every change goes through the services into the activity log."""

    form = AdviceRequestAdminForm
    list_display = [
        "summary",
        "requester_name",
        "status",
        "advisor",
        "overdue",
        "created_at",
        "last_public_reply_at",
    ]
    list_display_links = ["summary"]
    list_filter = [MineFilter, OverdueFilter, "status", "topic", "preferred_hub", "outcome"]
    list_select_related = ["requester__organisation_profile", "advisor", "preferred_hub", "startup"]
    search_fields = [
        "message",
        "requester__email",
        "requester__first_name",
        "requester__last_name",
        "requester__organisation_profile__company_name",
        "startup__name",
    ]
    ordering = ["-created_at", "-id"]
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
    inlines = [AdviceReplyInline, AdviceNoteInline, ActivityInline]
    actions = [assign_to_me, close_resolved]
    view_on_site = False  # the public page belongs to the requester only

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    def has_add_permission(self, request):
        return False  # requests come from the requesters' form

    def has_delete_permission(self, request, obj=None):
        return False  # closed with an outcome instead; the request stays for the statistics

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "advisor":
            # Only staff who can open the request: a hub or event manager assigned here would get 403.
            kwargs["queryset"] = advice_staff().order_by("last_name", "email")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("request"), ordering="-created_at")
    def summary(self, obj):
        """Requester, organisation, topic and date: the link text that tells requests apart."""
        parts = [_requester_name(obj), _organisation_name(obj), obj.get_topic_display()]
        parts.append(formats.date_format(timezone.localtime(obj.created_at), "SHORT_DATE_FORMAT"))
        return " · ".join(part for part in parts if part)

    @admin.display(description=_("requester"), ordering="requester__last_name")
    def requester_name(self, obj):
        return _requester_name(obj)

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
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data}
        if "status" in data or "outcome" in data:
            data["status"], data["outcome"] = form.cleaned_data["status"], form.cleaned_data["outcome"]
        try:
            advice_request_update(request=obj, by=request.user, data=data)
        except ServiceError as error:
            self.message_user(request, str(error), messages.ERROR)
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        services = {AdviceNote: advice_note_add, AdviceReply: advice_reply_send}
        service = services.get(formset.model)
        if service is not None:
            for inline_form in formset.extra_forms:
                if inline_form.has_changed() and inline_form.cleaned_data.get("text"):
                    service(request=form.instance, author=request.user, text=inline_form.cleaned_data["text"])
        # Nothing is saved by the admin itself: notes and replies through the services, the history is read only.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []


@admin.register(OrganisationProfile)
class OrganisationProfileAdmin(ServiceSaveAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["company_name", "user", "size", "sector", "updated_at"]
    list_filter = ["size"]
    list_select_related = ["user"]
    search_fields = ["company_name", "sector", "user__email"]
    autocomplete_fields = ["user"]
