import re

from django import template
from django.conf import settings
from django.urls import translate_url

register = template.Library()

_CODES = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
LANGUAGE_PREFIX = re.compile(rf"^/({_CODES})(?=/)")


@register.filter
def translate_path(path: str, language: str) -> str:
    """The same page in another language: `/de/hubs/?q=x` → `/en/hubs/?q=x`.

    Done while rendering, where the page's own language is active. A path that does not resolve
    (a 404 page) keeps its rest and only swaps the language prefix.
    """
    translated = translate_url(path, language)
    if translated == path:
        translated = LANGUAGE_PREFIX.sub(f"/{language}", path, count=1)
    return translated
