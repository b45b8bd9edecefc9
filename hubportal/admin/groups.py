"""The staff groups shown in the viewer's language: the database keeps the English name (roles.py), the admin shows
its translation wherever a person reads it (the group list, the user list's filter, a user's groups)."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


def group_label(group) -> str:
    """A group's name in the active language (names without a translation stay as they are)."""
    return gettext(group.name)


class GroupMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


class GroupListFilter(admin.RelatedFieldListFilter):
    """Django's filter by group, with the names translated."""

    def field_choices(self, field, request, model_admin):
        return sorted(
            ((pk, gettext(name)) for pk, name in super().field_choices(field, request, model_admin)),
            key=lambda choice: choice[1],
        )


class GroupAdmin(DjangoGroupAdmin):
    list_display = ["display_name"]

    @admin.display(description=_("group"), ordering="name")
    def display_name(self, obj):
        return group_label(obj)

    def action_checkbox(self, obj):
        """Django's row checkbox, named with the translated group name."""
        label = format_html(gettext("Select this object for an action - {}"), group_label(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            extra_context = {"title": group_label(obj), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)
