"""The staff groups and permissions shown in the viewer's language: the database keeps the English names (roles.py,
Django's "Can add …"), the admin shows their translation wherever a person reads them (the group list, the user list's
filter, a user's groups, the permission pickers of groups and users)."""

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .actions import ServiceSaveAdmin
from .services import reference_delete, reference_save


def group_label(group) -> str:
    """A group's name in the active language (names without a translation stay as they are)."""
    return gettext(group.name)


class GroupMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return group_label(obj)


# Django names the default permissions "Can <action> <model>" in English when it creates them; these are the labels
# the pickers show instead, with the model's (translated) verbose name.
DEFAULT_PERMISSION_LABELS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """ "<app> | <model> | <what it allows>" in the active language (select the content type with the permission).

    A default permission's text is built from its action and the model's verbose name (for a model removed since, the
    one in the stored name); a custom one (the models mark its name with gettext_noop) is looked up in the catalogue."""
    content_type = permission.content_type
    model = content_type.model_class()
    action, _sep, model_name = permission.codename.partition("_")
    default_name = f"Can {action} "
    if action not in DEFAULT_PERMISSION_LABELS or model_name != content_type.model:
        text = gettext(permission.name)
    elif model is not None:
        text = DEFAULT_PERMISSION_LABELS[action] % {"model": model._meta.verbose_name}
    elif permission.name.startswith(default_name):  # a removed model: its verbose name from the stored text
        text = DEFAULT_PERMISSION_LABELS[action] % {"model": gettext(permission.name.removeprefix(default_name))}
    else:
        text = gettext(permission.name)
    return f"{content_type} | {text}"


class PermissionMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


def permission_formfield_kwargs(db_field, kwargs: dict) -> dict:
    """`formfield_for_manytomany` arguments for a permissions field: translated labels, content types joined."""
    queryset = kwargs.get("queryset", db_field.remote_field.model.objects)
    return {**kwargs, "queryset": queryset.select_related("content_type"), "form_class": PermissionMultipleChoiceField}


class GroupListFilter(admin.RelatedFieldListFilter):
    """Django's filter by group, with the names translated."""

    def field_choices(self, field, request, model_admin):
        return sorted(
            ((pk, gettext(name)) for pk, name in super().field_choices(field, request, model_admin)),
            key=lambda choice: choice[1],
        )


class GroupAdmin(ServiceSaveAdmin, DjangoGroupAdmin):
    save_service = reference_save
    delete_service = reference_delete
    list_display = ["display_name"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs = permission_formfield_kwargs(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Who may only view a group reads its name and permissions as text, which Django would show in English.
    READ_ONLY_FIELDS = ["display_name", "permission_list"]

    def get_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.READ_ONLY_FIELDS
        return super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not self.has_change_permission(request, obj):
            return self.READ_ONLY_FIELDS
        return super().get_readonly_fields(request, obj)

    @admin.display(description=_("group"), ordering="name")
    def display_name(self, obj):
        return group_label(obj)

    @admin.display(description=_("permissions"))
    def permission_list(self, obj):
        permissions = obj.permissions.select_related("content_type")
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((permission_label(p),) for p in permissions))
        )

    def action_checkbox(self, obj):
        """Django's row checkbox, named with the translated group name."""
        label = format_html(gettext("Select this object for an action - {}"), group_label(obj))
        checkbox = forms.CheckboxInput({"class": "action-select", "aria-label": label}, lambda value: False)
        return checkbox.render(helpers.ACTION_CHECKBOX_NAME, str(obj.pk))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            # Django's subtitle (the page's <h2> and <title>) would repeat the English name.
            extra_context = {"title": group_label(obj), "subtitle": None, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra_context)
