from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hubportal.admin.actions import ServiceSaveAdmin
from hubportal.admin.services import reference_delete
from hubs.models import Hub

from ..models import HubUpdate
from ..querysets import can_edit_all_hub_updates
from ..services import hub_update_save


class OwnHubMixin:
    """Hub managers see and edit only their hubs' rows; a foreign id is a 404."""

    def get_queryset(self, request):
        return self.model.objects.editable_by(request.user).select_related("hub")

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "hub" and not self.may_see_all(request):
            kwargs["queryset"] = Hub.objects.managed_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(HubUpdate)
class HubUpdateAdmin(OwnHubMixin, ServiceSaveAdmin):
    delete_service = reference_delete  # saved by hub_update_save (save_model)
    """Hub managers post news for their own hubs; agency staff and content editors for every hub."""

    list_display = ["title_de", "hub", "is_published", "published_at", "updated_at"]
    list_filter = ["is_published", "hub"]
    list_select_related = ["hub"]
    search_fields = ["title_de", "title_en", "text_de", "text_en"]
    prepopulated_fields = {"slug": ["title_de"]}
    date_hierarchy = "published_at"
    fieldsets = [
        (None, {"fields": ["hub", "slug", "is_published", "published_at"]}),
        (_("German"), {"fields": ["title_de", "text_de", "image_alt_de"]}),
        (_("English"), {"fields": ["title_en", "text_en", "image_alt_en"]}),
        (_("Image"), {"fields": ["image"]}),
    ]

    def may_see_all(self, request):
        return can_edit_all_hub_updates(request.user)

    def save_model(self, request, obj, form, change):
        hub_update_save(update=obj, by=request.user)
