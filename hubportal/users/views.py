from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView, UpdateView

from .forms import ProfileForm


class AccountView(LoginRequiredMixin, TemplateView):
    """The user's own overview: profile, security, and what they have in each app."""

    template_name = "users/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email)
        context["email_verified"] = addresses.filter(verified=True).exists()
        context["mfa_enabled"] = is_mfa_enabled(user)
        return context


class ProfileUpdateView(LoginRequiredMixin, UpdateView):
    """Edit one's own name, account type and mail language (never someone else's)."""

    form_class = ProfileForm
    template_name = "users/profile_form.html"
    success_url = reverse_lazy("users:account")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your profile was saved."))
        return super().form_valid(form)
