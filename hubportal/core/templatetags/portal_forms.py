"""Template tags for forms shared by every page."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def form_error_title(context) -> str:
    """ "Error: " when a submitted form on this page came back with errors (the start of the page title)."""
    for value in context.flatten().values():
        # type(), not isinstance(): that would evaluate lazy values such as csrf_token (and set its cookie).
        if issubclass(type(value), forms.BaseForm) and value.is_bound and value.errors:
            return _("Error:") + " "
    return ""
