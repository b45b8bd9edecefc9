from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hubportal.admin.actions import ServiceInline, ServiceSaveAdmin
from hubportal.admin.services import reference_delete, reference_save

from .models import Hub, HubLink, HubNetwork, Topic, can_manage_all_hubs

# Fields only agency staff may change; hub managers see them read-only.
AGENCY_ONLY_FIELDS = [
    "slug",
    "kind",
    "is_active",
    "managers",
    "lead_hub",
    "partner_hubs",
    "selection_round_de",
    "selection_round_en",
    "selected_on",
]


@admin.register(Topic)
class TopicAdmin(ServiceSaveAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["name_de", "name_en", "slug", "hub_count"]
    search_fields = ["name_de", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    fields = ["name_de", "name_en", "slug", "description_de", "description_en"]

    def get_queryset(self, request):
        # A grouped query drops Meta.ordering: the autocomplete would page an unordered list.
        return super().get_queryset(request).with_hub_counts().order_by(*Topic._meta.ordering)

    @admin.display(description=_("hubs"), ordering="hub_count")
    def hub_count(self, obj):
        return obj.hub_count


class StateListFilter(admin.SimpleListFilter):
    """Hubs located (partly) in a federal state; `states` is an array, so a hub of two states is in both."""

    title = _("federal state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        """The states of the hubs this person may see, in the order of the states."""
        present = {
            code for codes in model_admin.get_queryset(request).values_list("states", flat=True) for code in codes
        }
        return [(code, label) for code, label in Hub.State.choices if code in present]

    def queryset(self, request, queryset):
        return queryset.in_state(self.value()) if self.value() else queryset


class HubLinkInline(ServiceInline, admin.TabularInline):
    save_service = reference_save
    delete_service = reference_delete
    model = HubLink
    extra = 1
    fields = ["kind", "name", "url", "position"]


@admin.register(Hub)
class HubAdmin(ServiceSaveAdmin):
    """Agency staff manage every hub; a hub manager sees and edits only the hubs assigned to them."""

    list_display = ["name", "kind", "cities", "state_names", "topic_list", "lead_hub", "selected_on", "is_active"]
    list_filter = ["kind", "is_active", StateListFilter, "focus_topics", "networks"]
    list_select_related = ["lead_hub"]
    search_fields = ["name", "slug", "cities", "focus_de", "focus_en"]
    autocomplete_fields = ["focus_topics", "managers", "partner_hubs", "lead_hub"]
    prepopulated_fields = {"slug": ["name"]}
    save_service = reference_save
    delete_service = reference_delete
    inlines = [HubLinkInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "is_active", "cities", "states", "logo"]}),
        (_("Focus"), {"fields": ["focus_topics", "focus_de", "focus_en"]}),
        (_("Texts"), {"fields": ["tagline_de", "tagline_en", "description_de", "description_en"]}),
        (_("Contact"), {"fields": ["website", "contact_email", "contact_address"]}),
        (_("Selection"), {"fields": ["selection_round_de", "selection_round_en", "selected_on"]}),
        (_("Relations"), {"fields": ["lead_hub", "partner_hubs"]}),
        (_("Map"), {"fields": ["latitude", "longitude"]}),
        (_("Hub managers"), {"fields": ["managers"]}),
    ]

    @admin.display(description=_("federal states"))
    def state_names(self, obj):
        return ", ".join(obj.state_list)

    def get_queryset(self, request):
        return Hub.objects.editable_by(request.user).for_admin()

    def get_object(self, request, object_id, from_field=None):
        # A hub outside the user's queryset is a 404, not a redirect that hints it exists.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _may_touch(self, request, obj):
        return obj is None or obj.is_editable_by(request.user)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_touch(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_all_hubs(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_all_hubs(request.user)

    def get_readonly_fields(self, request, obj=None):
        if can_manage_all_hubs(request.user):
            return []
        return AGENCY_ONLY_FIELDS

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if can_manage_all_hubs(request.user) else {}

    @admin.display(description=_("focus topics"))
    def topic_list(self, obj):
        return ", ".join(topic.name for topic in obj.focus_topics.all())


@admin.register(HubNetwork)
class HubNetworkAdmin(ServiceSaveAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["name", "coordinator", "coordinator_hub", "founded_on", "member_count", "expected_member_count"]
    list_select_related = ["coordinator_hub"]
    search_fields = ["name", "slug", "coordinator"]
    autocomplete_fields = ["coordinator_hub", "members"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "name",
        "slug",
        "coordinator",
        "coordinator_hub",
        "founded_on",
        "states",
        "expected_member_count",
        "website",
        "description_de",
        "description_en",
        "members",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_counts()

    @admin.display(description=_("listed members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count
