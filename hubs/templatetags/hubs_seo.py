from django import template
from django.conf import settings

from hubportal.core.templatetags.portal_seo import ld_json

from ..jsonld import hub_jsonld as build

register = template.Library()


@register.simple_tag
def hub_jsonld(hub):
    """The hub page's schema.org Organization block."""
    return ld_json(build(hub, base_url=settings.SITE_URL))
