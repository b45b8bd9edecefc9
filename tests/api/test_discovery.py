"""sitemap.xml (an index with pages, both languages), robots.txt, hreflang alternates and JSON-LD."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from api import sitemaps
from events.jsonld import postal_address
from tests.factories import EventFactory, HubFactory, HubUpdateFactory, StartupFactory, TopicFactory

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def xml(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def urls(client, section: str, page: int | None = None) -> dict[str, dict[str, str]]:
    """loc → {hreflang: href} of one sitemap page."""
    suffix = f"?p={page}" if page else ""
    tree = xml(client.get(f"/sitemap-{section}.xml{suffix}"))
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
        }
        for url in tree.findall("s:url", NS)
    }


def test_sitemap_index_names_a_page_per_section(client):
    StartupFactory()

    tree = xml(client.get("/sitemap.xml"))

    locs = [loc.text for loc in tree.findall("s:sitemap/s:loc", NS)]
    assert {f"http://127.0.0.1:8000/sitemap-{name}.xml" for name in sitemaps.SITEMAPS} <= set(locs)


def test_every_object_is_listed_in_both_languages_with_alternates_and_x_default(client):
    StartupFactory(slug="sichtbar")
    StartupFactory(slug="entwurf", status="draft", published_at=None)

    found = urls(client, "startups")

    de, en = "http://127.0.0.1:8000/de/startups/sichtbar/", "http://127.0.0.1:8000/en/startups/sichtbar/"
    assert set(found) == {de, en}
    assert found[de] == {"de": de, "en": en, "x-default": "http://127.0.0.1:8000/startups/sichtbar/"}


def test_large_sections_are_split_into_pages_read_one_slice_at_a_time(client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(sitemaps.StartupSitemap, "limit", 4)  # two startups in two languages per page
    for n in range(5):
        StartupFactory(slug=f"s{n}")

    index = [loc.text for loc in xml(client.get("/sitemap.xml")).findall("s:sitemap/s:loc", NS)]
    pages = [urls(client, "startups", page) for page in (1, 2, 3)]

    assert "http://127.0.0.1:8000/sitemap-startups.xml?p=3" in index
    assert [len(page) for page in pages] == [4, 4, 2]
    assert len({loc for page in pages for loc in page}) == 10
    with django_assert_num_queries(2):  # the count, and this page's rows
        client.get("/sitemap-startups.xml?p=2")


def test_sections_hold_what_the_public_sees(client):
    HubFactory(slug="aktiv")
    HubFactory(slug="alt", is_active=False)
    EventFactory(slug="offen")
    EventFactory(slug="geheim", visibility="invite")
    HubUpdateFactory(slug="news", is_published=True)
    HubUpdateFactory(slug="entwurf", is_published=False)
    TopicFactory(slug="thema")

    text = "".join(client.get(f"/sitemap-{section}.xml").content.decode() for section in sitemaps.SITEMAPS)

    for shown in ("/de/hubs/aktiv/", "/en/events/offen/", "/de/news/news/", "/en/hubs/topics/thema/", "/en/"):
        assert shown in text
    for hidden in ("/hubs/alt/", "/events/geheim/", "/news/entwurf/"):
        assert hidden not in text


def test_robots_names_the_sitemap_and_keeps_crawlers_out_of_private_places(client):
    text = client.get("/robots.txt").content.decode()

    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text.splitlines()
    for path in ("/de/accounts/", "/en/account/", "/de/admin/", "/en/matching/", "/api/"):
        assert f"Disallow: {path}" in text.splitlines()
    assert "Disallow: /\n" not in text


def jsonld(html: str) -> list[dict]:
    blocks = html.split('<script type="application/ld+json">')[1:]
    return [json.loads(block.split("</script>")[0]) for block in blocks]


def test_every_page_names_its_other_language_and_x_default(client):
    html = client.get("/de/hubs/?state=BY").content.decode()

    assert '<link rel="alternate" hreflang="de" href="http://127.0.0.1:8000/de/hubs/?state=BY">' in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/hubs/?state=BY">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/hubs/?state=BY">' in html


def test_home_page_is_a_website_searching_the_directory(client):
    (data,) = jsonld(client.get("/en/").content.decode())

    assert data["@type"] == "WebSite"
    target = data["potentialAction"]["target"]["urlTemplate"]
    assert target == "http://127.0.0.1:8000" + reverse("startups:startup_list") + "?q={search_term}"
    assert data["potentialAction"]["query-input"] == "required name=search_term"


def test_hub_page_is_an_organization_with_place_and_area_served(client):
    hub = HubFactory(slug="nord", cities="Hamburg", states=["HH", "SH"], latitude=53.55, longitude=9.99)
    hub.focus_topics.add(TopicFactory(name_de="Logistik"))

    (data,) = jsonld(client.get(hub.get_absolute_url()).content.decode())

    assert data["@type"] == "Organization" and data["location"]["@type"] == "Place"
    assert data["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 53.55, "longitude": 9.99}
    assert [area["name"] for area in data["areaServed"]] == ["Hamburg", "Schleswig-Holstein"]
    assert data["knowsAbout"] == ["Logistik"]


def test_startup_page_is_an_organization_with_public_fields_only(client):
    startup = StartupFactory(company_visibility="investors", funding_visibility="public", funding_sought=777_000)
    client.force_login(startup.memberships.get().user)  # the team sees everything on the page

    (data,) = jsonld(client.get(startup.get_absolute_url()).content.decode())

    assert data["@type"] == "Organization" and data["name"] == startup.name
    assert "description" not in data and "foundingDate" not in data and "sameAs" not in data
    assert startup.contact_email not in json.dumps(data) and "777000" not in json.dumps(data)


def test_event_place_carries_a_postal_address(client):
    event = EventFactory(venue_name="Factory", venue_address="Rheinsberger Str. 76/77, 10115 Berlin")

    (data,) = jsonld(client.get(event.get_absolute_url()).content.decode())

    assert data["location"]["address"] == {
        "@type": "PostalAddress",
        "addressCountry": "DE",
        "streetAddress": "Rheinsberger Str. 76/77",
        "postalCode": "10115",
        "addressLocality": "Berlin",
    }
    assert postal_address("irgendwo") == {"@type": "PostalAddress", "addressCountry": "DE", "streetAddress": "irgendwo"}
