from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.models import Call

from .common import HubRefSerializer, PageUrlField, absolute


class CallSerializer(serializers.ModelSerializer):
    """A published call with its dated phases; `results_url` once finalists or the result are public."""

    url = PageUrlField()
    title = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    prize = serializers.CharField(read_only=True)
    organiser_name = serializers.CharField(source="organiser_label", read_only=True)
    hub = HubRefSerializer(read_only=True, allow_null=True)
    eligible = serializers.ListField(child=serializers.ChoiceField(choices=Call.Applicant.choices), read_only=True)
    state = serializers.SerializerMethodField()
    results_url = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "slug",
            "title",
            "url",
            "state",
            "summary",
            "description",
            "organiser",
            "organiser_name",
            "hub",
            "eligible",
            "prize",
            "applications_enabled",
            "opens_at",
            "deadline",
            "finalists_at",
            "second_phase_deadline",
            "result_at",
            "date_precision",
            "results_url",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=["upcoming", "open", "closed"]))
    def get_state(self, call) -> str:
        return call.state()

    @extend_schema_field(OpenApiTypes.URI)
    def get_results_url(self, call) -> str | None:
        if not call.finalists_public():
            return None
        return absolute(self.context.get("request"), reverse("api:call-results", kwargs={"slug": call.slug}))


class NamedApplicantSerializer(serializers.Serializer):
    name = serializers.CharField()


class CallResultsSerializer(serializers.Serializer):
    """The results page in data: finalists and winners who agreed to be named, once each is announced."""

    call = serializers.SlugField()
    result_public = serializers.BooleanField()
    result_summary = serializers.CharField()
    winners = NamedApplicantSerializer(many=True)
    finalists = NamedApplicantSerializer(many=True)
