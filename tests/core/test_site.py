"""Links built from `django.contrib.sites` (feeds, the admin's "View on site") point to SITE_URL."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core.management.sql import emit_post_migrate_signal
from django.urls import reverse

from events.models import Event
from tests.factories import EventFactory, HubUpdateFactory

pytestmark = pytest.mark.django_db


def feed_links(response) -> list[str]:
    """Every link of an RSS or Atom document: `<link>` texts and `href` attributes, and Atom ids."""
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    links = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "link":
            links.append(element.get("href") or element.text)
        elif tag == "id":
            links.append(element.text)
    return links  # type: ignore[return-value]  # links have a href


def get(client, settings, url):
    return client.get(url, secure=settings.SITE_URL.startswith("https://"))


@pytest.mark.parametrize("name", ["events:event_feed_rss", "events:event_feed_atom"])
def test_event_feed_links_point_to_the_portal(client, settings, name):
    event = EventFactory()
    links = feed_links(get(client, settings, reverse(name)))
    assert f"{settings.SITE_URL}{event.get_absolute_url()}" in links
    assert f"{settings.SITE_URL}{reverse('events:event_list')}" in links
    assert all(link.startswith(settings.SITE_URL + "/") for link in links), links


def test_news_feed_links_point_to_the_portal(client, settings):
    update = HubUpdateFactory()
    links = feed_links(get(client, settings, reverse("agency:hubupdate_feed")))
    assert f"{settings.SITE_URL}{update.get_absolute_url()}" in links
    assert all(link.startswith(settings.SITE_URL + "/") for link in links), links


def test_admin_view_on_site_goes_to_the_portal(client, settings, staff_user):
    event = EventFactory()
    client.force_login(staff_user)
    content_type = ContentType.objects.get_for_model(Event)
    response = get(client, settings, reverse("admin:view_on_site", args=[content_type.pk, event.pk]))
    assert response["Location"] == f"{settings.SITE_URL}{event.get_absolute_url()}"


def test_site_follows_site_url_whenever_migrate_runs(settings):
    settings.SITE_URL = "https://hubportal.example:8443"
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Site.objects.count() == 1
    site = Site.objects.get_current()
    assert (site.domain, site.name) == ("hubportal.example:8443", "Hubportal")


def test_site_sync_skips_a_state_without_the_sites_app():
    """After `migrate sites zero` the post-migrate state has no sites app: nothing to sync (it raised LookupError)."""
    from django.apps.registry import Apps

    from hubportal.core.sites import site_sync

    site_sync(None, using="default", apps=Apps(installed_apps=[]))
