from rest_framework import serializers

from hubs.models import Hub, HubNetwork, Topic

from .common import HubRefSerializer, PageUrlField, TopicRefSerializer


class TopicSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    url = PageUrlField()

    class Meta:
        model = Topic
        fields = ["slug", "name", "description", "url"]


class NetworkRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class HubSerializer(serializers.ModelSerializer):
    """A hub as its page shows it: focus topics, federal states, networks, selection round, public contact."""

    url = PageUrlField()
    cities = serializers.ListField(source="city_list", child=serializers.CharField(), read_only=True)
    states = serializers.ListField(child=serializers.ChoiceField(choices=Hub.State.choices), read_only=True)
    focus = serializers.CharField(read_only=True)
    tagline = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    selection_round = serializers.CharField(read_only=True)
    topics = TopicRefSerializer(source="focus_topics", many=True, read_only=True)
    networks = NetworkRefSerializer(many=True, read_only=True)
    lead_hub = HubRefSerializer(read_only=True, allow_null=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Hub
        fields = [
            "slug",
            "name",
            "kind",
            "url",
            "cities",
            "states",
            "focus",
            "tagline",
            "description",
            "topics",
            "networks",
            "lead_hub",
            "selection_round",
            "selected_on",
            "website",
            "contact_email",
            "latitude",
            "longitude",
        ]


class NetworkSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    description = serializers.CharField(read_only=True)
    states = serializers.ListField(child=serializers.ChoiceField(choices=Hub.State.choices), read_only=True)
    members = HubRefSerializer(many=True, read_only=True)

    class Meta:
        model = HubNetwork
        fields = [
            "slug",
            "name",
            "url",
            "coordinator",
            "description",
            "founded_on",
            "states",
            "expected_member_count",
            "website",
            "members",
        ]
