"""Form fields shared by the apps."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _


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
