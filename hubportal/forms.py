"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _


class FilterForm(forms.Form):
    """The form of a FilterSet (Meta.form): every field is optional, so labels do not say so."""

    is_filter = True


def grouped(number: int) -> str:
    """A count as the active language writes it: "5.000" in German, "5,000" in English."""
    return number_format(number, force_grouping=True)


class GroupedMaxLengthValidator(MaxLengthValidator):
    """Django's length check, with `limit_value` and `show_value` in the message written as `grouped()` does."""

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            params = {"limit_value": grouped(self.limit_value), "show_value": grouped(length), "value": value}
            raise ValidationError(self.message, code=self.code, params=params)


class TextareaField(forms.CharField):
    """Text from a textarea with line breaks as LF: browsers send CRLF but count one character in `maxlength`.
    A "max_length" error message gets the numbers as strings (`%(limit_value)s`), written as `grouped()` does."""

    widget = forms.Textarea
    default_error_messages = {
        "max_length": _("Please shorten this text to at most %(limit_value)s characters (it has %(show_value)s)."),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
            self.validators.append(GroupedMaxLengthValidator(self.max_length))

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value  # None when the field allows it


class QuickCheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's checkboxes with the same markup, written in Python instead of four templates per option: the
    long topic and hub lists of the filter forms cost a fraction of the time to render."""

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)["widget"]
        parts = []
        for group, options, _index in context["optgroups"]:
            if group:
                parts.append(format_html("\n  <div><label>{}</label>", group))
            for option in options:
                option_attrs = flatatt_like(option["attrs"])
                label_for = format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else ""
                parts.append(
                    format_html(
                        '<div>\n    <label{}><input type="{}" name="{}"{}{}>\n {}</label>\n\n</div>',
                        label_for,
                        option["type"],
                        option["name"],
                        format_html(' value="{}"', option["value"]) if option["value"] is not None else "",
                        option_attrs,
                        option["label"],
                    )
                )
            if group:
                parts.append(mark_safe("\n  </div>"))  # noqa: S308 - a fixed string
        own_id = context["attrs"].get("id")
        own_class = context["attrs"].get("class")
        opening = format_html(
            "<div{}{}>",
            format_html(' id="{}"', own_id) if own_id else "",
            format_html(' class="{}"', own_class) if own_class else "",
        )
        return mark_safe(opening + "".join(parts) + "\n</div>")  # noqa: S308 - every part is escaped above


def flatatt_like(attrs: dict) -> str:
    """The attributes as Django's attrs.html writes them: `name="value"`, a bare name for True, nothing for False."""
    return mark_safe(  # noqa: S308 - names are ours, values are escaped
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value)
            for name, value in attrs.items()
            if value is not False
        )
    )
