"""What search engines read: the page in every language (hreflang), schema.org JSON-LD blocks, the site's search."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .portal_i18n import LANGUAGE_PREFIX, translate_path

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(value):
    """A JSON-LD data block, escaped like `json_script` so no `</script>` can break out (a data block, not a
    script: the CSP does not apply)."""
    if not value:
        return ""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))  # noqa: S308


@register.inclusion_tag("includes/alternates.html", takes_context=True)
def language_alternates(context) -> dict:
    """This page in each language and, as x-default, without a prefix (the server picks by Accept-Language)."""
    request = context.get("request")
    path = request.get_full_path() if request is not None else ""
    if not LANGUAGE_PREFIX.match(path):
        return {"alternates": []}
    alternates = [
        {"hreflang": code, "href": settings.SITE_URL + translate_path(path, code)} for code, _name in settings.LANGUAGES
    ]
    alternates.append({"hreflang": "x-default", "href": settings.SITE_URL + LANGUAGE_PREFIX.sub("", path, count=1)})
    return {"alternates": alternates}


@register.simple_tag
def website_jsonld():
    """The home page as a schema.org WebSite whose search is the startup directory's full-text search."""
    try:
        directory = reverse("startups:startup_list")
    except NoReverseMatch:  # a project without the directory
        return ""
    return ld_json(
        {
            "@context": "https://schema.org",
            "@type": "WebSite",
            "name": "Hubportal",
            "url": settings.SITE_URL + reverse("home"),
            "inLanguage": get_language() or settings.LANGUAGE_CODE,
            "potentialAction": {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{settings.SITE_URL}{directory}?q={{search_term}}"},
                "query-input": "required name=search_term",
            },
        }
    )
