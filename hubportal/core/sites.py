"""Keeps the `django.contrib.sites` row on SITE_URL: Django's feeds, the admin's "View on site" and allauth
build absolute links from its domain, which would otherwise stay the default example.com."""

from urllib.parse import urlsplit

from django.apps import apps as global_apps
from django.conf import settings
from django.contrib.sites.management import create_default_site
from django.contrib.sites.models import Site
from django.db import DEFAULT_DB_ALIAS, router

SITE_NAME = "Hubportal"


def site_sync(sender, *, using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """Sets the current Site's domain (host and port of SITE_URL) and name; runs after every `migrate`."""
    # This receiver may run before the sites app's own one: let that create the row (and reset the sequence).
    create_default_site(sender, verbosity=0, using=using, apps=apps)
    try:
        site_model = apps.get_model("sites", "Site")
    except LookupError:  # after `migrate sites zero`
        return
    if not router.allow_migrate_model(using, site_model):
        return
    domain = urlsplit(settings.SITE_URL).netloc
    site_model.objects.using(using).update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": SITE_NAME}
    )
    # The historical model of a migration run sends no signal that would empty the Site cache.
    Site.objects.clear_cache()
