"""The read-only resources of /api/v1/."""

from django.db.models import F, FloatField, Prefetch
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from agency.models import HubUpdate
from calls.models import Application, Call
from events.filtersets import EventFilterSet
from events.models import Event
from hubs.filtersets import HubFilterSet
from hubs.models import Hub, HubNetwork, Topic
from startups.filtersets import StartupFilterSet
from startups.models import Startup
from startups.models.startup import funding_sort_key

from ..filtersets import CallFilterSet, HubNewsFilterSet
from ..pagination import Key
from ..serializers.calls import CallResultsSerializer, CallSerializer
from ..serializers.events import EventSerializer
from ..serializers.hubs import HubSerializer, NetworkSerializer, TopicSerializer
from ..serializers.news import HubNewsSerializer
from ..serializers.startups import StartupSerializer
from .base import ReadOnlyViewSet

NEWEST = (Key("published_at", descending=True), Key("id", descending=True))


class HubViewSet(ReadOnlyViewSet):
    """Active hubs with focus topics, federal states, networks and selection round; the hub list's filters."""

    queryset = Hub.objects.active().for_listing()
    serializer_class = HubSerializer
    filterset_class = HubFilterSet
    ordering_keys = (Key("name"), Key("id"))


class TopicViewSet(ReadOnlyViewSet):
    """The topics shared by hubs, startups, investors and events."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    ordering_keys = (Key("slug"), Key("id"))


class NetworkViewSet(ReadOnlyViewSet):
    """Hub networks with their member hubs listed in the portal."""

    serializer_class = NetworkSerializer
    ordering_keys = (Key("name"), Key("id"))

    def get_queryset(self):
        return HubNetwork.objects.prefetch_related(Prefetch("members", queryset=Hub.objects.active().order_by("name")))


class StartupViewSet(ReadOnlyViewSet):
    """Published startups with the fields the viewer sees on the page; the directory's filters and sorts."""

    queryset = Startup.objects.published().for_detail()
    serializer_class = StartupSerializer
    filterset_class = StartupFilterSet

    def filterset_extra(self) -> dict:
        return {"viewer": self.viewer}

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "viewer": self.viewer}

    def keyset(self) -> list[Key]:
        filterset = getattr(self, "filterset", None)
        sort = filterset.sort_key if filterset is not None else "newest"
        if sort == "relevance":
            # As double precision: the real that PostgreSQL ranks with would not survive the trip through JSON.
            return [Key("rank_key", descending=True, expression=Cast("rank", FloatField())), *NEWEST]
        if sort == "name":
            return [Key("name"), Key("id")]
        if sort == "funding":
            # The directory's order: amounts the viewer may not see count as missing and come last.
            amount = F("funding_sought") if self.viewer.is_staff else funding_sort_key(self.viewer.levels)
            return [Key("funding_key", descending=True, nullable=True, expression=amount), Key("name"), Key("id")]
        return list(NEWEST)


class EventViewSet(ReadOnlyViewSet):
    """Public events (no drafts, no invite-only ones) with agenda and registration state; the event list's
    filters (`date_from` for the upcoming ones)."""

    queryset = Event.objects.listed().for_detail()
    serializer_class = EventSerializer
    filterset_class = EventFilterSet
    ordering_keys = (Key("starts_at"), Key("id"))


class HubNewsViewSet(ReadOnlyViewSet):
    """Published hub news, newest first."""

    serializer_class = HubNewsSerializer
    filterset_class = HubNewsFilterSet
    ordering_keys = NEWEST

    def get_queryset(self):
        # Per request: "published" compares with the time now.
        return HubUpdate.objects.published().select_related("hub")


class CallViewSet(ReadOnlyViewSet):
    """Published calls and competitions, latest deadline first (calls without one last)."""

    queryset = Call.objects.published().for_listing()
    serializer_class = CallSerializer
    filterset_class = CallFilterSet
    ordering_keys = (Key("deadline", descending=True, nullable=True), Key("id", descending=True))

    @extend_schema(responses=CallResultsSerializer)
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def results(self, request, slug=None):
        """Finalists and winners who agreed to be named, once announced (404 before, as the results page)."""
        call = get_object_or_404(Call.objects.published(), slug=slug)
        if not call.finalists_public():
            raise Http404
        named = list(Application.objects.public_results(call))
        result_out = call.result_public()
        winners = [a for a in named if a.stage == Application.Stage.WINNER] if result_out else []
        finalists = [a for a in named if a.stage == Application.Stage.FINALIST or not result_out]
        data = {
            "call": call.slug,
            "result_public": result_out,
            "result_summary": call.result_summary if result_out else "",
            "winners": [{"name": a.organisation_name} for a in winners],
            "finalists": [{"name": a.organisation_name} for a in finalists],
        }
        return Response(CallResultsSerializer(data).data)
