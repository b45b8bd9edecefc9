"""schema.org data of a published startup: an Organization with what anonymous visitors see, and nothing else
(the page may show more to the person looking; a search engine is nobody in particular)."""

from .models import Startup
from .visibility import ANONYMOUS


def startup_jsonld(startup: Startup, *, base_url: str) -> dict:
    if not startup.is_published:
        return {}
    public = ANONYMOUS.visible_fields(startup)
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": startup.name,
        "url": base_url + startup.get_absolute_url(),
        "knowsAbout": [topic.name for topic in startup.topics.all()],
    }
    if startup.pitch:
        data["slogan"] = startup.pitch
    if startup.logo:
        data["logo"] = base_url + startup.logo.url
    if startup.city:
        data["address"] = {"@type": "PostalAddress", "addressLocality": startup.city, "addressCountry": "DE"}
    if "description" in public and startup.description:
        data["description"] = startup.description
    if "website" in public and startup.website:
        data["sameAs"] = [startup.website]
    if "founded_year" in public and startup.founded_year:
        data["foundingDate"] = str(startup.founded_year)
    if "team_size" in public and startup.team_size:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "value": startup.team_size}
    if startup.hub is not None:
        data["memberOf"] = {"@type": "Organization", "name": startup.hub.name}
    return data
