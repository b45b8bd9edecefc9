"""A startup's timeline across apps: profile changes, events of its members, advice requests, hub."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _

from events.models import Registration
from startups.models import Startup, StartupChange

from .models import AdviceRequest


@dataclass
class Entry:
    when: datetime
    kind: str
    text: str
    who: str = ""
    url: str = ""


def startup_timeline(startup: Startup, *, viewer) -> list[Entry]:
    """Every known step of `startup` that `viewer` may see, newest first (a fixed number of queries).

    Each kind of entry needs the permission to view its model: the timeline must not show a
    content editor the advice requests or introductions the admin refuses them."""
    entries: list[Entry] = []
    if viewer.has_perm("startups.view_startupchange"):
        entries.extend(change_entries(startup))
    if viewer.has_perm("events.view_registration"):
        entries.extend(registration_entries(startup))
    if viewer.has_perm("agency.view_advicerequest"):
        entries.extend(advice_entries(startup))
    if apps.is_installed("matching") and viewer.has_perm("matching.view_introduction"):
        entries.extend(introduction_entries(startup))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def change_entries(startup: Startup) -> list[Entry]:
    """Profile changes and moderation steps, each edit with its fields' old → new values."""
    entries = []
    for change in StartupChange.objects.filter(startup=startup).select_related("user"):
        fields = "; ".join(change_descriptions(change.changes)) if isinstance(change.changes, dict) else ""
        text = change.get_action_display() + (f": {fields}" if fields else "")
        if change.note:
            text += f" ({change.note})"
        entries.append(Entry(change.created_at, _("Profile"), text, str(change.user or "")))
    return entries


def change_descriptions(changes: dict) -> list[str]:
    """ "Field: old → new" for each entry of a StartupChange's {field: [old, new]}, in the viewer's language."""
    descriptions = []
    for name in sorted(changes):
        try:
            field = Startup._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since the change was logged
            field = None
        label = capfirst(field.verbose_name) if field is not None else name  # type: ignore[union-attr]  # concrete fields only
        values = changes[name]
        if not (isinstance(values, list | tuple) and len(values) == 2):
            descriptions.append(str(label))
            continue
        old, new = (change_value(field, value) for value in values)
        descriptions.append(f"{label}: {old} → {new}")
    return descriptions


def change_value(field, value) -> str:
    """A logged value as people read it: choice labels, yes/no, lists joined, long texts shortened."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if field is not None and field.choices:
        value = dict(field.flatchoices).get(value, value)
    return Truncator(str(value)).chars(80)


def registration_entries(startup: Startup) -> list[Entry]:
    """Event registrations and check-ins of the startup's members."""
    entries = []
    member_ids = list(startup.memberships.values_list("user_id", flat=True))
    registrations = Registration.objects.filter(user_id__in=member_ids).select_related("event", "user")
    for registration in registrations:
        event = registration.event
        entries.append(
            Entry(
                registration.created_at,
                _("Event"),
                _("Registered for “%(event)s” (%(status)s)")
                % {"event": event.title, "status": registration.get_status_display()},
                str(registration.user or registration.name),
                event.get_absolute_url(),
            )
        )
        if registration.checked_in_at:
            entries.append(
                Entry(
                    registration.checked_in_at,
                    _("Event"),
                    _("Attended “%(event)s”") % {"event": event.title},
                    str(registration.user or registration.name),
                    event.get_absolute_url(),
                )
            )
    return entries


def advice_entries(startup: Startup) -> list[Entry]:
    """The startup's advice requests, asked and closed, linked to their admin pages."""
    entries = []
    for advice in AdviceRequest.objects.filter(startup=startup).select_related("requester", "advisor"):
        url = reverse("admin:agency_advicerequest_change", args=[advice.pk])
        entries.append(
            Entry(
                advice.created_at,
                _("Advice"),
                _("Asked for advice: %(topic)s (now: %(status)s)")
                % {"topic": advice.get_topic_display(), "status": advice.get_status_display()},
                str(advice.requester or ""),
                url,
            )
        )
        if advice.closed_at:
            entries.append(
                Entry(
                    advice.closed_at,
                    _("Advice"),
                    _("Advice closed: %(outcome)s") % {"outcome": advice.get_outcome_display()},
                    str(advice.advisor or ""),
                    url,
                )
            )
    return entries


def introduction_entries(startup: Startup) -> list[Entry]:
    """Intro requests with investors (matching app): requested, and decided if so."""
    introduction = apps.get_model("matching", "Introduction")
    entries = []
    for intro in introduction.objects.filter(startup=startup).select_related("investor", "requested_by"):
        url = reverse("admin:matching_introduction_change", args=[intro.pk])
        entries.append(
            Entry(
                intro.created_at,
                _("Introduction"),
                _("Introduction requested with %(investor)s") % {"investor": intro.investor},
                str(intro.requested_by or ""),
                url,
            )
        )
        if intro.decided_at:
            entries.append(
                Entry(
                    intro.decided_at,
                    _("Introduction"),
                    _("Introduction with %(investor)s: %(status)s")
                    % {"investor": intro.investor, "status": intro.get_status_display()},
                    url=url,
                )
            )
    return entries


@staff_member_required
def startup_timeline_view(request, pk: int):
    """The admin page of one startup's timeline (staff who may view startups)."""
    from django.contrib import admin

    startup_admin = admin.site.get_model_admin(Startup)
    startup = get_object_or_404(startup_admin.get_queryset(request).select_related("hub"), pk=pk)
    if not startup_admin.has_view_permission(request, startup):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "opts": Startup._meta,
        "original": startup,
        "title": _("Timeline of %(name)s") % {"name": startup.name},
        "entries": startup_timeline(startup, viewer=request.user),
        "matching_installed": apps.is_installed("matching"),
    }
    return TemplateResponse(request, "admin/startups/startup/timeline.html", context)
