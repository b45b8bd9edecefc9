"""The public pages: the calls (open, upcoming, closed), a call, its results, the deadlines as an iCal feed."""

from datetime import UTC, timedelta

import icalendar
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from ..models import Application, Call

CLOSED_PER_PAGE = 20


class CallListView(TemplateView):
    """Open calls (nearest deadline first), upcoming ones, and the closed ones as an archive."""

    template_name = "calls/call_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        calls = Call.objects.published().for_listing()
        closed = Paginator(calls.closed(now), CLOSED_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(
            open_calls=list(calls.open(now)),
            upcoming_calls=list(calls.upcoming(now)),
            closed_calls=closed,
            page_obj=closed,
            now=now,
        )
        return context


def visible_calls(user):
    """Published calls; staff also see the unpublished calls they run (preview)."""
    if user.is_authenticated and user.is_staff:
        return Call.objects.filter(Q(is_published=True) | Q(pk__in=Call.objects.for_staff(user).values("pk")))
    return Call.objects.published()


class CallDetailView(DetailView):
    """A call: organiser, who may apply, prize, phases in Berlin time, and the visitor's own applications."""

    template_name = "calls/call_detail.html"
    context_object_name = "call"

    def get_queryset(self):
        return visible_calls(self.request.user).select_related("hub")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call, now = self.object, timezone.now()
        mine = Application.objects.of(self.request.user).filter(call=call).exclude(stage=Application.Stage.WITHDRAWN)
        context.update(
            now=now,
            state=call.state(now),
            phases=call.phases(now),
            my_applications=list(mine.order_by("created_at")),
            results_visible=call.finalists_public(now),
        )
        return context


class CallResultsView(DetailView):
    """Finalists and winners who agreed to be named, once announced; the archive's calls show their public facts."""

    template_name = "calls/call_results.html"
    context_object_name = "call"

    def get_queryset(self):
        return Call.objects.published().select_related("hub")

    def get_object(self, queryset=None):
        call = super().get_object(queryset)
        if not call.finalists_public():
            raise Http404
        return call

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = self.object
        named = list(Application.objects.public_results(call))
        result_out = call.result_public()
        context.update(
            result_out=result_out,
            winners=[a for a in named if a.stage == Application.Stage.WINNER] if result_out else [],
            finalists=[a for a in named if a.stage == Application.Stage.FINALIST or not result_out],
        )
        return context


FEED_HISTORY = timedelta(days=365)


def deadlines_ics(request):
    """iCal feed of the deadlines (and second-phase deadlines) of published calls of the past year and to come."""
    since = timezone.now() - FEED_HISTORY
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Hubportal//Calls//DE")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Hubportal call deadlines"))
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calls = Call.objects.published().filter(applications_enabled=True, deadline__gte=since).order_by("deadline", "pk")
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for call in calls:
        for field, label in (("deadline", _("Deadline")), ("second_phase_deadline", _("Deadline of the second phase"))):
            moment = getattr(call, field)
            if moment is None:
                continue
            local = timezone.localtime(moment).replace(microsecond=0)
            event = icalendar.Event()
            event.add("uid", f"call-{call.pk}-{field}@hubportal")
            event.add("dtstamp", stamp)
            event.add("summary", f"{label}: {call.title}")
            event.add("dtstart", local)
            event.add("dtend", local)
            event.add("url", settings.SITE_URL + call.get_absolute_url())
            if call.summary:
                event.add("description", call.summary)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hubportal-calls.ics"'
    return response
