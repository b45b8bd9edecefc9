from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after creating the user)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    account_type = forms.ChoiceField(
        label=_("I am"),
        choices=User.AccountType.choices,
        initial=User.AccountType.STARTUP,
        widget=forms.RadioSelect,
    )

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.account_type = self.cleaned_data["account_type"]
        user.language = (get_language() or "de")[:2]
        user.save(update_fields=["first_name", "last_name", "account_type", "language"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language"]
