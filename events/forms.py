from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Registration


class RegistrationForm(forms.ModelForm):
    """The optional questions a logged-in person may answer when registering."""

    invite = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Registration
        fields = ["company", "dietary_needs", "listed_publicly"]
        labels = {
            "company": _("Company or organisation"),
            "dietary_needs": _("Dietary needs"),
            "listed_publicly": _("Show my name on the participants list"),
        }
        help_texts = {"dietary_needs": _("For example vegetarian, vegan, allergies.")}
        widgets = {"company": forms.TextInput(attrs={"autocomplete": "organization"})}


class GuestRegistrationForm(RegistrationForm):
    """Registering without an account: name and email, confirmed by a mail link."""

    name = forms.CharField(label=_("Name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We will send you a link to confirm your registration."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(RegistrationForm.Meta):
        fields = ["name", "email", "company", "dietary_needs", "listed_publicly"]


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=64,
        help_text=_("Type the code or scan the QR code with a scanner that types into this field."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "autocapitalize": "characters"}),
    )
