from django import forms
from django.utils.translation import gettext_lazy as _

from hubportal.forms import TextareaField, grouped
from hubs.models import Hub
from startups.models import Startup

from .models import AdviceRequest, OrganisationProfile


class OrganisationProfileForm(forms.ModelForm):
    class Meta:
        model = OrganisationProfile
        fields = ["company_name", "size", "sector"]
        widgets = {"company_name": forms.TextInput(attrs={"autocomplete": "organization"})}


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


class AdviceAnswerForm(forms.Form):
    """The requester's answer in the conversation of their request."""

    text = TextareaField(
        label=_("Your reply"),
        max_length=AdviceRequestForm.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
