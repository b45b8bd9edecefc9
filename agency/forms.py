from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from hubs.models import Hub
from startups.models import Startup

from .models import AdviceRequest, OrganisationProfile


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = OrganisationProfile
        fields = ["company_name", "size", "sector"]
        widgets = {"company_name": forms.TextInput(attrs={"autocomplete": "organization"})}


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

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self.max_length is not None:
            self.validators = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
            self.validators.append(GroupedMaxLengthValidator(self.max_length))

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class AdviceRequestForm(forms.ModelForm):
    """What a startup or company asks the agency; the startup choice lists only the requester's own."""

    MESSAGE_MAX_LENGTH = 5_000

    message = TextareaField(
        label=_("Your question"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "max_length": _(
                "Please shorten your question to at most %(limit_value)s characters (it has %(show_value)s)."
            )
        },
    )

    class Meta:
        model = AdviceRequest
        fields = ["topic", "message", "startup", "preferred_hub", "contact_way", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {"phone": _("Only needed if you would like us to call you.")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # set here, in the request's language, so the limit reads like the error message and follows the constant
        self.fields["message"].help_text = _(
            "Describe your situation and what you would like to know (up to %(limit)s characters)."
        ) % {"limit": grouped(self.MESSAGE_MAX_LENGTH)}
        self.fields["preferred_hub"].queryset = Hub.objects.active().order_by("name")
        self.fields["preferred_hub"].empty_label = _("No preference")
        startups = Startup.objects.filter(memberships__user=user).order_by("name")
        self.fields["startup"].queryset = startups
        self.fields["startup"].label = _("For which startup?")
        if not startups.exists():
            del self.fields["startup"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("contact_way") == AdviceRequest.ContactWay.PHONE and not cleaned.get("phone"):
            self.add_error("phone", _("Please give a phone number so we can call you."))
        return cleaned
