from rest_framework import serializers

from startups.models import Startup

from .common import FileUrlField, HubRefSerializer, PageUrlField, TopicRefSerializer

# Always present: what names the profile, not a field of it.
IDENTITY = ("slug", "url", "published_at")


class StartupSerializer(serializers.ModelSerializer):
    """A published profile with exactly the fields the viewer sees on its page (startups/visibility.py): a field
    the viewer may not see is left out, not sent empty. The context's `viewer` decides."""

    url = PageUrlField()
    logo = FileUrlField(allow_null=True, required=False)
    topics = TopicRefSerializer(many=True, read_only=True, required=False)
    hub = HubRefSerializer(read_only=True, allow_null=True, required=False)

    class Meta:
        model = Startup
        fields = [
            "slug",
            "url",
            "published_at",
            "name",
            "logo",
            "pitch",
            "topics",
            "hub",
            "city",
            "stage",
            "business_model",
            "description",
            "website",
            "founded_year",
            "team_size",
            "seeking_funding",
            "funding_sought",
            "current_round",
            "contact_email",
        ]
        extra_kwargs = {name: {"required": False} for name in fields if name not in IDENTITY}

    def to_representation(self, instance):
        visible = self.context["viewer"].visible_fields(instance)
        data = super().to_representation(instance)
        return {name: value for name, value in data.items() if name in IDENTITY or name in visible}
