from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.mfa.base.forms import BaseAuthenticateForm
from allauth.mfa.utils import is_mfa_enabled
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form (allauth calls `signup` after creating the user).

    `?as=startup|investor|organisation` on the sign-up URL preselects the account type.
    """

    field_order = ["account_type", "first_name", "last_name", "email", "password1", "password2"]

    account_type = forms.ChoiceField(
        label=_("I am signing up as"),
        choices=User.AccountType.choices,
        initial=User.AccountType.STARTUP,
        widget=forms.RadioSelect,
    )
    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = allauth_context.request
        preselected = request.GET.get("as") if request is not None else None
        if not self.is_bound and preselected in User.AccountType.values:
            self.initial["account_type"] = preselected

    def signup(self, request, user):
        user.first_name = self.cleaned_data["first_name"]
        user.last_name = self.cleaned_data["last_name"]
        user.account_type = self.cleaned_data["account_type"]
        user.language = (get_language() or "de")[:2]
        user.save(update_fields=["first_name", "last_name", "account_type", "language"])


class ProfileForm(forms.ModelForm):
    """The profile fields a person edits on their account page."""

    class Meta:
        model = User
        fields = ["first_name", "last_name", "account_type", "language"]
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "account_type": forms.RadioSelect,
            "language": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Names are required at sign-up, so they stay required here.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True


class AccountDeleteForm(forms.Form):
    """Confirms a deletion with the current password, and with an authenticator code where 2FA is on."""

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.request = request
        if is_mfa_enabled(user):
            self.fields["code"] = forms.CharField(
                label=_("Code from your authenticator app"),
                help_text=_("Or one of your recovery codes."),
                widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
            )

    def clean_password(self):
        password = self.cleaned_data["password"]
        # The same limit as allauth's re-authentication: a stolen session cannot guess the password.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise forms.ValidationError(_("Too many attempts. Please wait a minute and try again."))
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This password is not correct. Your account was not deleted."))
        return password

    def clean_code(self):
        code = self.cleaned_data["code"]
        check = BaseAuthenticateForm(user=self.user, data={"code": code})
        if not check.is_valid():
            raise forms.ValidationError(check.errors["code"])
        return code


class ApiTokenForm(forms.Form):
    """Names a new personal API token."""

    name = forms.CharField(
        label=_("Name of the token"),
        max_length=80,
        help_text=_("What you use it for, e.g. “CRM import”. The token is shown only once."),
    )
