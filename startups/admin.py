from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.forms import TextareaField
from hubs.models import Hub, Topic

from . import services
from .forms import RejectForm
from .models import Bookmark, InvestorProfile, Startup, StartupChange, StartupInvitation, StartupMembership
from .services.startups import startup_changes


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


class StartupChangeInline(admin.TabularInline):
    model = StartupChange
    extra = 0
    can_delete = False
    fields = ["created_at", "action", "user", "changes", "note"]
    readonly_fields = fields  # type: ignore[assignment]  # admin options typed narrower than Django accepts
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


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


@admin.register(Startup)
class StartupAdmin(admin.ModelAdmin):
    """The moderation queue: submitted profiles first; actions publish, reject and unpublish via services."""

    formfield_overrides = TEXTAREA_OVERRIDES  # type: ignore[assignment]  # admin options typed narrower than Django accepts

    list_display = ["name", "status", "hub", "stage", "city", "submitted_at", "published_at", "updated_at"]
    list_filter = [ModerationStatusFilter, "stage", "business_model", "seeking_funding", "hub", "topics"]
    list_select_related = ["hub"]
    search_fields = ["name", "slug", "pitch", "city", "memberships__user__email"]
    autocomplete_fields = STARTUP_RELATED["autocomplete_fields"]
    filter_horizontal = STARTUP_RELATED["filter_horizontal"]
    readonly_fields = ["status", "submitted_at", "published_at", "rejection_reason", "created_at", "updated_at"]
    inlines = [StartupMembershipInline, StartupChangeInline]
    actions = ["publish_selected", "reject_selected", "unpublish_selected"]
    date_hierarchy = "submitted_at"
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["name", "slug", "logo", "pitch", "description", "website"]}),
        (_("Company"), {"fields": ["founded_year", "team_size", "stage", "business_model", "topics", "hub", "city"]}),
        (_("Funding"), {"fields": ["seeking_funding", "funding_sought", "current_round"]}),
        (_("Contact and visibility"), {"fields": ["contact_email", "company_visibility", "funding_visibility"]}),
        (_("Moderation"), {"fields": readonly_fields}),  # type: ignore[typeddict-item]  # admin options typed narrower than Django accepts
    ]

    # The default view is the moderation queue (see ModerationStatusFilter): oldest submission first.
    ordering = ["submitted_at", "id"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_public", "search_company")

    def save_model(self, request, obj, form, change):
        if change:
            # What the log compares against: the row and its topics before this edit (kept on the
            # request's object, not on this admin, which all requests share).
            obj._log_before = (
                Startup.objects.defer("search_public", "search_company").get(pk=obj.pk),
                sorted(obj.topics.values_list("slug", flat=True)),
            )
        super().save_model(request, obj, form, change)

    def _log_edit(self, request, form):
        startup = form.instance
        before, old_topics = startup._log_before
        names = [name for name in form.changed_data if name != "topics"]
        changes = startup_changes(before, startup, names)
        new_topics = sorted(startup.topics.values_list("slug", flat=True))
        if old_topics != new_topics:
            changes["topics"] = [old_topics, new_topics]
        if changes:
            StartupChange.objects.create(
                startup=startup, user=request.user, action=StartupChange.Action.UPDATED, changes=changes
            )

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
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
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

    def save_formset(self, request, form, formset, change):
        if formset.model is not StartupMembership:
            return super().save_formset(request, form, formset, change)
        formset.save()
        for membership in formset.deleted_objects:
            StartupChange.objects.create(
                startup=form.instance,
                user=request.user,
                action=StartupChange.Action.TEAM,
                note=f"removed: {membership.user.email}",
            )
        for membership in formset.new_objects:
            StartupChange.objects.create(
                startup=form.instance,
                user=request.user,
                action=StartupChange.Action.TEAM,
                note=f"joined: {membership.user.email}" + (" (owner)" if membership.role == "owner" else ""),
            )
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            self._log_edit(request, form)
        services.startup_update_search_vector(startup_ids=[form.instance.pk])

    # Actions that write need the change permission: advisors only view startups.
    @admin.action(description=_("Publish selected startups"), permissions=["change"])
    def publish_selected(self, request, queryset):
        done, skipped = 0, 0
        for startup in queryset:
            try:
                services.startup_publish(startup=startup, user=request.user)
                done += 1
            except ValidationError:
                skipped += 1
        self.message_user(request, ngettext("%d startup published.", "%d startups published.", done) % done)
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%d startup was skipped: only complete, submitted profiles can be published.",
                    "%d startups were skipped: only complete, submitted profiles can be published.",
                    skipped,
                )
                % skipped,
                messages.WARNING,
            )

    @admin.action(description=_("Reject selected startups (asks for a reason)"), permissions=["change"])
    def reject_selected(self, request, queryset):
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            done, skipped = 0, 0
            for startup in queryset:
                try:
                    services.startup_reject(startup=startup, user=request.user, reason=form.cleaned_data["reason"])
                    done += 1
                except ValidationError:
                    skipped += 1
            self.message_user(request, ngettext("%d startup rejected.", "%d startups rejected.", done) % done)
            if skipped:
                self.message_user(
                    request,
                    ngettext(
                        "%d startup was skipped: only submitted profiles can be rejected.",
                        "%d startups were skipped: only submitted profiles can be rejected.",
                        skipped,
                    )
                    % skipped,
                    messages.WARNING,
                )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Reject startups"),
            "startups": queryset,
            "form": form,
            "opts": self.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/startups/startup/reject.html", context)

    @admin.action(description=_("Unpublish selected startups"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        done = 0
        for startup in queryset.filter(status=Startup.Status.PUBLISHED):
            services.startup_unpublish(startup=startup, user=request.user)
            done += 1
        self.message_user(request, ngettext("%d startup unpublished.", "%d startups unpublished.", done) % done)


@admin.register(InvestorProfile)
class InvestorProfileAdmin(admin.ModelAdmin):
    """The verification queue: unverified investors first; the action verifies and mails them."""

    formfield_overrides = TEXTAREA_OVERRIDES  # type: ignore[assignment]  # admin options typed narrower than Django accepts

    list_display = ["__str__", "user", "investor_type", "is_verified", "ticket_min", "ticket_max", "created_at"]
    list_filter = ["is_verified", "investor_type", "topics"]
    list_select_related = ["user"]
    search_fields = ["organisation", "user__email", "user__last_name", "thesis"]
    autocomplete_fields = ["user", *INVESTOR_RELATED["autocomplete_fields"]]
    filter_horizontal = INVESTOR_RELATED["filter_horizontal"]
    readonly_fields = ["is_verified", "verified_at", "verified_by", "created_at", "updated_at"]
    actions = ["verify_selected", "unverify_selected"]

    ordering = ["is_verified", "created_at"]  # the verification queue

    @admin.action(description=_("Verify selected investors (sends a mail)"), permissions=["change"])
    def verify_selected(self, request, queryset):
        done = 0
        for profile in queryset.filter(is_verified=False):
            services.investor_verify(profile=profile, by=request.user)
            done += 1
        self.message_user(request, ngettext("%d investor verified.", "%d investors verified.", done) % done)

    @admin.action(description=_("Withdraw verification"), permissions=["change"])
    def unverify_selected(self, request, queryset):
        for profile in queryset:
            services.investor_reject(profile=profile, by=request.user)
        self.message_user(request, _("Verification withdrawn."))


@admin.register(StartupChange)
class StartupChangeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "startup", "action", "user"]
    list_filter = ["action"]
    list_select_related = ["startup", "user"]
    search_fields = ["startup__name", "user__email", "note"]
    autocomplete_fields = ["startup", "user"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(StartupInvitation)
class StartupInvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "startup", "invited_by", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["startup", "invited_by"]
    search_fields = ["email", "startup__name"]
    autocomplete_fields = ["startup", "invited_by"]
    exclude = ["token"]


@admin.register(Bookmark)
class BookmarkAdmin(admin.ModelAdmin):
    list_display = ["investor", "startup", "created_at"]
    list_select_related = ["investor", "investor__user", "startup"]
    search_fields = ["investor__organisation", "startup__name"]
    autocomplete_fields = ["investor", "startup"]
    # Notes are private to the investor.
    exclude = ["note"]
