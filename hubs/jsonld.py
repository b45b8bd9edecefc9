"""schema.org data of a hub: an Organization with its Place (cities, coordinates) and the states it serves."""

from .models import Hub


def hub_jsonld(hub: Hub, *, base_url: str) -> dict:
    states = [{"@type": "AdministrativeArea", "name": str(name)} for name in hub.state_list]
    place = {
        "@type": "Place",
        "name": ", ".join(hub.city_list) or hub.name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": ", ".join(hub.city_list),
            "addressRegion": ", ".join(str(name) for name in hub.state_list),
            "addressCountry": "DE",
        },
    }
    if hub.latitude is not None and hub.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": float(hub.latitude), "longitude": float(hub.longitude)}
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": hub.name,
        "url": base_url + hub.get_absolute_url(),
        "location": place,
        "areaServed": states,
        "knowsAbout": [topic.name for topic in hub.focus_topics.all()],
    }
    if hub.description or hub.focus:
        data["description"] = hub.description or hub.focus
    if hub.website:
        data["sameAs"] = [hub.website]
    if hub.contact_email:
        data["email"] = hub.contact_email
    if hub.lead_hub is not None:
        data["parentOrganization"] = {"@type": "Organization", "name": hub.lead_hub.name}
    return data
