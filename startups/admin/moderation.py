"""What the startup and investor admins share: the object's history from the activity log, actions that ask for a
reason first, and buttons on the change page that run one service on the object (with a reason where needed)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.admin.actions import bulk_action
from hubportal.errors import ServiceError

from ..forms import RejectForm

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

HISTORY_LIMIT = 50


def history_table(obj: Any) -> str:
    """The latest entries of the activity log about `obj`, in the reader's language."""
    if obj is None or obj.pk is None:
        return "–"
    entries = lines(Activity.objects.of(obj).select_related("actor")[:HISTORY_LIMIT])
    if not entries:
        return str(_("No entries yet."))
    rows = format_html_join(
        "",
        '<tr><td><time datetime="{}">{}</time></td><td>{}</td><td>{}</td><td>{}</td></tr>',
        (
            (
                line.when.isoformat(),
                date_format(localtime(line.when), "SHORT_DATETIME_FORMAT"),
                line.who,
                line.label,
                line.text,
            )
            for line in entries
        ),
    )
    return format_html(
        "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
        _("when"),
        _("who"),
        _("what"),
        _("details"),
        rows,
    )


def named(action, name: str):
    """`action` under a name of its own (the value the changelist's form posts)."""
    action.__name__ = name
    return action


def reason_action(
    service: Callable[..., object],
    *,
    name: str,
    description: "str | StrPromise",
    done: Callable[[int], str],
    argument: str,
    actor: str,
    title: str | Promise,
    explanation: str | Promise,
):
    """An admin action that first asks for a reason (an intermediate page), then runs `service(..., reason=…)` on
    each selected object through `bulk_action`."""

    def action(modeladmin, request, queryset):
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            run = bulk_action(
                service,
                description=description,
                done=done,
                argument=argument,
                actor=actor,
                extra=lambda request: {"reason": form.cleaned_data["reason"]},
            )
            return run(modeladmin, request, queryset)
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "explanation": explanation,
            "objects": queryset,
            "form": form,
            "opts": modeladmin.model._meta,
            "action_name": name,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/startups/reason_action.html", context)

    action.__name__ = name
    return admin.action(description=description, permissions=("change",))(action)


@dataclass(frozen=True)
class Step:
    """A button on the change page: `service(<argument>=obj, <actor>=user[, reason=…])` when `applies(obj)`."""

    label: str | Promise
    service: Callable[..., object]
    argument: str
    actor: str
    applies: Callable[[Any], bool]
    done: str | Promise
    reason: bool = False
    explanation: str | Promise = ""


class StepsMixin:
    """Adds the `steps` of a ModelAdmin as buttons on its change page (`admin/startups/steps.html`), each with a
    confirmation page that asks for the reason where the step needs one. Staff need the change permission."""

    steps: dict[str, Step] = {}

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        view = self.admin_site.admin_view(self.step_view)
        return [path("<int:pk>/step/<slug:step>/", view, name="{}_{}_step".format(*info)), *super().get_urls()]

    def available_steps(self, obj) -> list[tuple[str, Step]]:
        return [(name, step) for name, step in self.steps.items() if obj is not None and step.applies(obj)]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        steps = self.available_steps(obj) if obj is not None and self.has_change_permission(request, obj) else []
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "steps": steps})

    def step_view(self, request, pk, step):
        if step not in self.steps:
            raise PermissionDenied
        spec = self.steps[step]
        obj = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        form = RejectForm(request.POST if request.method == "POST" else None) if spec.reason else None
        if request.method == "POST" and (form is None or form.is_valid()):
            kwargs = {"reason": form.cleaned_data["reason"]} if form is not None else {}
            try:
                spec.service(**{spec.argument: obj, spec.actor: request.user, **kwargs})
            except ServiceError as error:
                self.message_user(request, error.message, messages.ERROR)
            else:
                self.message_user(request, spec.done, messages.SUCCESS)
            return redirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "title": f"{spec.label}: {obj}",
            "object": obj,
            "step": spec,
            "form": form,
            "opts": opts,
            "original": obj,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/startups/step.html", context)
