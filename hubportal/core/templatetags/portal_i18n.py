import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

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


@register.filter
def text_lang(obj, field: str = "") -> str:
    """` lang="xx"` for an element holding a record's text when that text is not in the page's language (WCAG 3.1.2).

    Without `field` the text is in the record's `content_language`; with it, the text is `<field>_<code>` as
    hubportal.core.i18n.localized picks it (the other language when the page's is empty).
    """
    page = (get_language() or "de")[:2]
    if field:
        code = next((c for c in (page, "de", "en") if getattr(obj, f"{field}_{c}", "")), page)
    else:
        code = getattr(obj, "content_language", "") or page
    if code[:2] == page:
        return ""
    return format_html(' lang="{}"', code)


@register.filter
def email_breaks(address: str) -> str:
    """An e-mail address that wraps before "@" and the dots rather than in the middle of a word."""
    parts = re.split(r"(?=[@.])", str(address))
    return format_html_join(mark_safe("<wbr>"), "{}", ((part,) for part in parts))
