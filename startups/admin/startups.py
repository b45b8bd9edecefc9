"""Startups in the admin: the moderation queue, the team inline, ownership hand-over and moderation buttons; every
write goes through the services, the history comes from the activity log."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import ServiceSaveAdmin, bulk_action
from hubportal.errors import ServiceError
from hubportal.forms import TextareaField
from hubs.models import Hub, Topic

from .. import services
from ..models import Startup, StartupMembership
from .moderation import Step, StepsMixin, history_table, named, reason_action


def _related_widgets(*names: str) -> dict:
    """Autocomplete for hubs and topics where the hubs app registers them with search fields, else plain widgets.

    (The hubs app is installed before this one, so its admin is registered when this module loads.)
    """
    if admin.site.is_registered(Hub) and admin.site.is_registered(Topic):
        return {"autocomplete_fields": list(names), "filter_horizontal": []}
    return {"autocomplete_fields": [], "filter_horizontal": [n for n in names if n != "hub"]}


STARTUP_RELATED = _related_widgets("hub", "topics")
INVESTOR_RELATED = _related_widgets("topics", "hubs")
# Limited texts count a line break once, as the browser's maxlength does (see hubportal/forms.py).
TEXTAREA_OVERRIDES = {models.TextField: {"form_class": TextareaField}}


class MembershipFormSet(BaseInlineFormSet):
    """The team in the admin: exactly one owner, and an existing row keeps its person."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        owners = 0
        for form in self.forms:
            if (
                form.instance.pk
                and form.instance.role == StartupMembership.Role.OWNER
                and self._should_delete_form(form)
            ):
                raise ValidationError(_("The owner cannot be removed. Hand over ownership first."))
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            if form.instance.pk and "user" in form.changed_data:
                raise ValidationError(_("To replace a team member, delete the row and add a new one."))
            if form.cleaned_data.get("role", form.instance.role) == StartupMembership.Role.OWNER:
                owners += 1
        if owners != 1:
            raise ValidationError(
                _("A startup needs exactly one owner. To change the owner, use “Hand over ownership” on a member.")
            )


class StartupMembershipInline(admin.TabularInline):
    """Roles are chosen only when the startup is created; afterwards ownership moves through the service."""

    model = StartupMembership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at", "transfer_link"]

    def get_readonly_fields(self, request, obj=None):
        return ["created_at", "transfer_link"] if obj is None else ["role", "created_at", "transfer_link"]

    @admin.display(description=_("Ownership"))
    def transfer_link(self, membership):
        if not membership.pk or membership.role == StartupMembership.Role.OWNER:
            return ""
        url = reverse("admin:startups_startup_transfer_ownership", args=[membership.startup_id])
        return format_html('<a href="{}?membership={}">{}</a>', url, membership.pk, _("Hand over ownership"))


class OwnershipTransferForm(forms.Form):
    membership = forms.ModelChoiceField(queryset=StartupMembership.objects.none(), label=_("New owner"))

    def __init__(self, *args, startup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = startup.memberships.filter(
            role=StartupMembership.Role.MEMBER
        ).select_related("user")


class ModerationStatusFilter(admin.SimpleListFilter):
    """Status filter defaulting to the moderation queue (submitted): the index on (status, submitted_at) serves it.

    Actions act on the rows of the filtered list, as the action form posts to the current URL.
    """

    title = _("status")
    parameter_name = "status"
    default = Startup.Status.SUBMITTED

    def lookups(self, request, model_admin):
        return [*Startup.Status.choices, ("all", _("All"))]

    def choices(self, changelist):
        current = self.value() or self.default
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        return queryset if value == "all" else queryset.filter(status=value)


def _is(status):
    return lambda startup: startup.status == status


MODERATION_STEPS = {
    "publish": Step(
        label=_("Publish"),
        service=services.startup_publish,
        argument="startup",
        actor="user",
        applies=_is(Startup.Status.SUBMITTED),
        done=_("The startup is published; its team is told by mail."),
        explanation=_("The profile appears in the directory and the team gets a mail."),
    ),
    "reject": Step(
        label=_("Reject"),
        service=services.startup_reject,
        argument="startup",
        actor="user",
        applies=_is(Startup.Status.SUBMITTED),
        done=_("The startup is rejected; the reason is mailed to its team."),
        reason=True,
        explanation=_("The reason is mailed to the team of the startup."),
    ),
    "unpublish": Step(
        label=_("Unpublish"),
        service=services.startup_unpublish,
        argument="startup",
        actor="user",
        applies=_is(Startup.Status.PUBLISHED),
        done=_("The startup is unpublished; the reason is mailed to its team."),
        reason=True,
        explanation=_("The profile leaves the directory and becomes a draft; the reason is mailed to the team."),
    ),
}


@admin.register(Startup)
class StartupAdmin(StepsMixin, ServiceSaveAdmin):
    """The moderation queue: submitted profiles first; actions and buttons publish, reject and unpublish via
    services; deleting goes through `startup_delete` (refused for a published profile)."""

    delete_service = services.startup_delete
    delete_argument, delete_actor = "startup", "user"

    formfield_overrides = TEXTAREA_OVERRIDES  # type: ignore[assignment]  # admin options typed narrower than Django accepts

    list_display = ["name", "status", "hub", "stage", "city", "submitted_at", "published_at", "updated_at"]
    list_filter = [ModerationStatusFilter, "stage", "business_model", "seeking_funding", "hub", "topics"]
    list_select_related = ["hub"]
    search_fields = ["name", "slug", "pitch", "city", "memberships__user__email"]
    autocomplete_fields = STARTUP_RELATED["autocomplete_fields"]
    filter_horizontal = STARTUP_RELATED["filter_horizontal"]
    readonly_fields = ["status", "submitted_at", "published_at", "rejection_reason", "created_at", "updated_at"]
    inlines = [StartupMembershipInline]
    steps = MODERATION_STEPS
    actions = [
        named(
            bulk_action(
                services.startup_publish,
                description=_("Publish selected startups"),
                done=lambda n: ngettext("%d startup published.", "%d startups published.", n) % n,
                argument="startup",
                actor="user",
            ),
            "publish_selected",
        ),
        reason_action(
            services.startup_reject,
            name="reject_selected",
            description=_("Reject selected startups (asks for a reason)"),
            done=lambda n: ngettext("%d startup rejected.", "%d startups rejected.", n) % n,
            argument="startup",
            actor="user",
            title=_("Reject and send mail"),
            explanation=_("The reason is mailed to the team of each startup."),
        ),
        reason_action(
            services.startup_unpublish,
            name="unpublish_selected",
            description=_("Unpublish selected startups (asks for a reason)"),
            done=lambda n: ngettext("%d startup unpublished.", "%d startups unpublished.", n) % n,
            argument="startup",
            actor="user",
            title=_("Unpublish and send mail"),
            explanation=_("The reason is mailed to the team of each startup."),
        ),
    ]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "logo", "pitch", "description", "content_language", "website"]}),
        (_("Company"), {"fields": ["founded_year", "team_size", "stage", "business_model", "topics", "hub", "city"]}),
        (_("Funding"), {"fields": ["seeking_funding", "funding_sought", "current_round"]}),
        (_("Contact and visibility"), {"fields": ["contact_email", "company_visibility", "funding_visibility"]}),
        (_("Moderation"), {"fields": readonly_fields}),  # type: ignore[typeddict-item]  # admin options typed narrower than Django accepts
        (_("History"), {"fields": ["history"]}),
    ]

    # The default view is the moderation queue (see ModerationStatusFilter): oldest submission first.
    ordering = ["submitted_at", "id"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "history"]

    @admin.display(description=_("History"))
    def history(self, obj):
        return history_table(obj)

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_public", "search_company")

    def save_model(self, request, obj, form, change):
        services.startup_admin_save(
            startup=obj, by=request.user, fields=form.changed_data, topics=form.cleaned_data.get("topics")
        )

    def save_related(self, request, form, formsets, change):
        # The topics were saved with the startup (save_model); the team goes through the team services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is not StartupMembership:
            return super().save_formset(request, form, formset, change)
        startup = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.deleted_forms:
            if row.instance.pk:
                services.membership_remove(membership=row.instance, by=request.user)
                formset.deleted_objects.append(row.instance)
        for row in formset.extra_forms:
            if row.has_changed() and row not in formset.deleted_forms:
                role = row.cleaned_data.get("role") or StartupMembership.Role.MEMBER
                membership = services.membership_add(
                    startup=startup, user=row.cleaned_data["user"], by=request.user, role=role
                )
                formset.new_objects.append(membership)
        return None

    def get_urls(self):
        view = self.admin_site.admin_view(self.transfer_ownership_view)
        return [path("<int:pk>/ownership/", view, name="startups_startup_transfer_ownership"), *super().get_urls()]

    def transfer_ownership_view(self, request, pk):
        """Staff hand ownership to another member through the same service the owner uses."""
        startup = get_object_or_404(Startup.objects.defer("search_public", "search_company"), pk=pk)
        if not self.has_change_permission(request, startup):
            raise PermissionDenied
        change_url = reverse("admin:startups_startup_change", args=[startup.pk])
        form = OwnershipTransferForm(
            request.POST if request.method == "POST" else None,
            startup=startup,
            initial={"membership": request.GET.get("membership")},
        )
        if form.is_valid():
            try:
                target = services.ownership_transfer(
                    startup=startup, by=request.user, to_membership=form.cleaned_data["membership"]
                )
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, _("%(name)s is now the owner.") % {"name": target.user})
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hand over ownership of %(name)s") % {"name": startup.name},
            "startup": startup,
            "form": form,
            "opts": self.model._meta,
            "change_url": change_url,
        }
        return TemplateResponse(request, "startups/admin_ownership_transfer.html", context)
