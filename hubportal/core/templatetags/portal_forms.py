"""Template tags for forms shared by every page."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def form_error_title(context) -> str:
    """ "Error: " when a submitted form on this page came back with errors (the start of the page title)."""
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return _("Error:") + " "
    return ""
