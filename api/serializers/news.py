from rest_framework import serializers

from agency.models import HubUpdate

from .common import FileUrlField, HubRefSerializer, PageUrlField


class HubNewsSerializer(serializers.ModelSerializer):
    url = PageUrlField()
    hub = HubRefSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(read_only=True)
    image = FileUrlField(allow_null=True)
    image_alt = serializers.CharField(read_only=True)

    class Meta:
        model = HubUpdate
        fields = ["slug", "title", "url", "hub", "published_at", "text", "image", "image_alt"]
