"""schema.org `Event` data for search engines (rendered as application/ld+json, not as a script)."""

import re

from django.utils import timezone

from .models import Event

EVENT_STATUS = {
    Event.Status.PUBLISHED: "https://schema.org/EventScheduled",
    Event.Status.CANCELLED: "https://schema.org/EventCancelled",
}
ATTENDANCE = {
    Event.Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


# "Street 1, 10115 Berlin" (the way venue addresses are written): the last part with a postcode is the town.
TOWN = re.compile(r"^(?P<code>\d{5})\s+(?P<town>.+)$")


def postal_address(text: str) -> dict:
    """A schema.org PostalAddress from a one-line German address; what cannot be split stays the street."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    address = {"@type": "PostalAddress", "addressCountry": "DE"}
    match = TOWN.match(parts[-1]) if parts else None
    if match:
        parts = parts[:-1]
        address.update(postalCode=match["code"], addressLocality=match["town"])
    if parts:
        address["streetAddress"] = ", ".join(parts)
    return address


def _when(event: Event, value) -> str:
    value = timezone.localtime(value)  # an event at 00:30 in Berlin is on the previous day in UTC
    if event.date_precision == Event.DatePrecision.MONTH:
        return value.strftime("%Y-%m")
    if event.date_precision == Event.DatePrecision.DAY:
        return value.date().isoformat()
    return value.isoformat()


def event_jsonld(event: Event, *, base_url: str) -> dict:
    """The schema.org Event for one event; the online link stays out (it is for attendees only)."""
    url = base_url + event.get_absolute_url()
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": url,
        "startDate": _when(event, event.starts_at),
        "endDate": _when(event, event.ends_at),
        "eventStatus": EVENT_STATUS.get(event.status, "https://schema.org/EventScheduled"),  # type: ignore[call-overload]  # status and format codes
        "eventAttendanceMode": ATTENDANCE[event.format],  # type: ignore[index]  # status and format codes
        "inLanguage": event.language.split("-"),
    }
    if event.organiser_label:
        data["organizer"] = {"@type": "Organization", "name": event.organiser_label}
    if event.description:
        data["description"] = event.description
    locations = []
    if event.format != Event.Format.ONLINE and (event.venue_name or event.venue_address):
        place: dict[str, object] = {"@type": "Place", "name": event.venue_name or event.venue_address}
        if event.venue_address:
            place["address"] = postal_address(event.venue_address)
        locations.append(place)
    if event.format != Event.Format.ON_SITE:
        locations.append({"@type": "VirtualLocation", "url": url})
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.image:
        data["image"] = base_url + event.image.url
    return data
