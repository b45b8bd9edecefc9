from django import template
from django.conf import settings

from hubportal.core.templatetags.portal_seo import ld_json

from ..jsonld import startup_jsonld as build

register = template.Library()


@register.simple_tag
def startup_jsonld(startup):
    """The profile page's schema.org Organization block (public fields only)."""
    return ld_json(build(startup, base_url=settings.SITE_URL))
