"""One way for admin actions to run a service on each selected object and say what happened."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hubportal.errors import ServiceError

from .services import reference_delete, reference_save

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def bulk_action(
    service: Callable[..., object],
    *,
    description: "str | StrPromise",
    done: Callable[[int], str],
    argument: str = "obj",
    actor: str = "by",
    permissions: tuple[str, ...] = ("change",),
    queryset: Callable | None = None,
    extra: Callable | None = None,
):
    """An admin action that calls `service(<argument>=obj, <actor>=request.user, **extra(request))` for each selected
    object (narrowed by `queryset(qs)` when given), counts what was done, and shows the refusals.

    A `ServiceError` skips that object: the message names it and the service's reason, in the reader's language.
    `done(count)` words the success (an ngettext); `extra(request)` may add keyword arguments (e.g. a reason).
    """

    def action(modeladmin: admin.ModelAdmin, request, selected):
        rows = queryset(selected) if queryset is not None else selected
        kwargs = extra(request) if extra is not None else {}
        count, refusals = 0, []
        for obj in rows:
            try:
                service(**{argument: obj, actor: request.user, **kwargs})
            except ServiceError as error:
                refusals.append(_("%(object)s: %(reason)s") % {"object": obj, "reason": error})
            else:
                count += 1
        if count or not refusals:
            modeladmin.message_user(request, done(count), messages.SUCCESS)
        if refusals:
            skipped = ngettext("%(count)d skipped:", "%(count)d skipped:", len(refusals)) % {"count": len(refusals)}
            modeladmin.message_user(request, f"{skipped} {'; '.join(refusals)}", messages.WARNING)

    action.__name__ = f"{getattr(service, '__name__', 'service')}_selected"
    return admin.action(description=description, permissions=permissions)(action)


class ServiceDeleteAdmin(admin.ModelAdmin):
    """A ModelAdmin whose delete page deletes through `delete_service(<delete_argument>=obj, <delete_actor>=user)`
    instead of `obj.delete()`. A `ServiceError` (e.g. "unpublish it first") is shown on the object's change page and
    nothing is deleted. Django's bulk "delete selected" is off site-wide (PortalAdminSite)."""

    delete_service: Callable[..., object]
    delete_argument = "obj"
    delete_actor = "by"

    def delete_model(self, request, obj) -> None:
        type(self).delete_service(**{self.delete_argument: obj, self.delete_actor: request.user})

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
            opts = self.model._meta
            url = reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            return redirect(url)


def many_to_many(form) -> dict:
    """The many-to-many values of a valid model form, by field name: what `form.save_m2m()` would write."""
    opts = form.instance._meta
    names = {field.name for field in opts.many_to_many}
    return {name: value for name, value in form.cleaned_data.items() if name in names}


class ServiceInline(admin.options.InlineModelAdmin):
    """An inline whose rows are saved by `save_service(obj=, by=, fields=, created=, related=)` and deleted by
    `delete_service(obj=, by=)` (by default the generic reference writes); its admin must be a ServiceSaveAdmin."""

    save_service: Callable[..., object] = reference_save
    delete_service: Callable[..., object] = reference_delete

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = type(self)
        return formset


class ServiceSaveAdmin(ServiceDeleteAdmin):
    """A ModelAdmin whose add and change pages save through `save_service(obj=, by=, fields=, created=, related=)`
    (the changed field names, whether it is new, the many-to-many values), and its ServiceInline rows through the
    inline's services; deletion as ServiceDeleteAdmin. By default the services are the generic reference writes of
    `hubportal.admin.services`; an app names its own for a model that has one."""

    save_service: Callable[..., object] = reference_save
    delete_service: Callable[..., object] = reference_delete

    def save_model(self, request, obj, form, change) -> None:
        type(self).save_service(
            obj=obj, by=request.user, fields=form.changed_data, created=not change, related=many_to_many(form)
        )

    def save_related(self, request, form, formsets, change) -> None:
        # The many-to-many fields were saved by save_service: only the inlines, through their services.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change) -> None:
        inline = getattr(formset, "service_inline", None)
        if inline is None:  # a read-only inline (e.g. an event's registrations) has nothing to save
            if formset.deleted_forms or any(row.has_changed() for row in formset.forms):
                raise TypeError(f"{type(self).__name__}: the inline of {formset.model.__name__} is no ServiceInline")
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []  # the change message
            return
        formset.save(commit=False)  # fills deleted_objects and saved_forms, writes nothing
        for obj in formset.deleted_objects:
            inline.delete_service(obj=obj, by=request.user)
        for row in formset.saved_forms:
            inline.save_service(
                obj=row.instance,
                by=request.user,
                fields=row.changed_data,
                created=row.instance._state.adding,
                related=many_to_many(row),
            )
