from django import template
from django.urls import translate_url

register = template.Library()


@register.filter
def translate_path(path: str, language: str) -> str:
    """The same page in another language: `/de/hubs/?q=x` → `/en/hubs/?q=x`.

    Done while rendering, where the page's own language is active; Django's set_language view
    cannot always do it because its own URL has no language prefix.
    """
    return translate_url(path, language)
