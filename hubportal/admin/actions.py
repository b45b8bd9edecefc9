"""One way for admin actions to run a service on each selected object and say what happened."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hubportal.errors import ServiceError

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
