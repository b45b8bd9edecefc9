from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.models import AgendaItem, Event

from .common import FileUrlField, HubRefSerializer, PageUrlField, TopicRefSerializer


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    organisation = serializers.CharField(read_only=True)


class AgendaItemSerializer(serializers.ModelSerializer):
    description = serializers.CharField(read_only=True)
    speakers = SpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["starts_at", "ends_at", "title", "description", "room", "speakers"]


class RegistrationSerializer(serializers.Serializer):
    """The public state of registration, as the event page shows it."""

    state = serializers.ChoiceField(
        choices=["open", "closed", "not_yet", "past", "cancelled", "none"],
        help_text="open, closed, not_yet, past, cancelled, or none (no registration through the portal)",
    )
    capacity = serializers.IntegerField(allow_null=True)
    seats_left = serializers.IntegerField(allow_null=True, help_text="null: no limit")
    waitlist_open = serializers.BooleanField(help_text="Every seat is taken and new registrations join the waitlist.")


class EventSerializer(serializers.ModelSerializer):
    """An event with its agenda and the public registration state; the online link stays out (attendees only)."""

    url = PageUrlField()
    hub = HubRefSerializer(read_only=True, allow_null=True)
    organiser = serializers.CharField(source="organiser_label", read_only=True)
    topics = TopicRefSerializer(many=True, read_only=True)
    description = serializers.CharField(read_only=True)
    image = FileUrlField(allow_null=True)
    registration = serializers.SerializerMethodField()
    agenda = AgendaItemSerializer(source="agenda_items", many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "url",
            "status",
            "type",
            "format",
            "language",
            "hub",
            "organiser",
            "topics",
            "starts_at",
            "ends_at",
            "date_precision",
            "venue_name",
            "venue_address",
            "description",
            "image",
            "registration",
            "agenda",
        ]

    @extend_schema_field(RegistrationSerializer)
    def get_registration(self, event) -> dict:
        state = event.registration_state()
        seats = event.free_seats
        return {
            "state": state,
            "capacity": event.capacity,
            "seats_left": seats,
            "waitlist_open": state == "open" and event.waitlist_enabled and seats == 0,
        }
