"""Pieces every serializer uses: absolute page URLs, short references to related things."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The object's page on the portal, in the language of the response."""

    def __init__(self, method: str = "get_absolute_url", **kwargs):
        self.method = method
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return absolute(self.context.get("request"), getattr(value, self.method)())


@extend_schema_field(OpenApiTypes.URI)
class FileUrlField(serializers.Field):
    """An uploaded image as an absolute URL, or null."""

    def to_representation(self, value):
        return absolute(self.context.get("request"), value.url) if value else None

    def get_attribute(self, instance):
        return super().get_attribute(instance) or None


class TopicRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class HubRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)
