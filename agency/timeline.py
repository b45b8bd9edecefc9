"""A startup's timeline across apps: profile changes, events of its members, advice requests, hub."""

from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import Registration
from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from startups.models import Startup

from . import activity as advice_log
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
    entries.extend(change_entries(startup))  # the page is for those who may view the startup
    if viewer.has_perm("events.view_registration"):
        entries.extend(registration_entries(startup))
    if viewer.has_perm("agency.view_advicerequest"):
        entries.extend(advice_entries(startup))
    if apps.is_installed("matching") and viewer.has_perm("matching.view_introduction"):
        entries.extend(introduction_entries(startup))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def change_entries(startup: Startup) -> list[Entry]:
    """Profile changes, team changes and moderation steps from the activity log, in the viewer's language."""
    return [
        Entry(line.when, _("Profile"), f"{line.label}: {line.text}" if line.text else line.label, line.who)
        for line in lines(Activity.objects.of(startup).select_related("actor"))
    ]


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
    """The startup's advice requests, asked and closed, from the activity log (written by the advice services),
    linked to their admin pages; "asked" names the request's topic and its status now."""
    requests = AdviceRequest.objects.filter(startup=startup).in_bulk()
    log = list(
        Activity.objects.of_type(AdviceRequest, requests)
        .filter(action__in=[advice_log.CREATED, advice_log.CLOSED])
        .select_related("actor")
    )
    entries = []
    for entry, line in zip(log, lines(log), strict=True):
        advice = requests[entry.object_id]
        if entry.action == advice_log.CREATED:
            text = _("Asked for advice: %(topic)s (now: %(status)s)") % {
                "topic": advice.get_topic_display(),
                "status": advice.get_status_display(),
            }
        else:
            text = _("Advice closed: %(outcome)s") % {"outcome": line.text}
        url = reverse("admin:agency_advicerequest_change", args=[advice.pk])
        entries.append(Entry(line.when, _("Advice"), text, line.who, url))
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
