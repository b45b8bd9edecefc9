import json

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView, UpdateView

from .forms import AccountDeleteForm, ProfileForm
from .privacy import ErasureBusy
from .services import AccountDeletionBlocked, account_delete, account_deletion_plan, account_export


class AccountView(LoginRequiredMixin, TemplateView):
    """The user's own overview: profile, security, and what they have in each app."""

    template_name = "users/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        addresses = EmailAddress.objects.filter(user=user, email__iexact=user.email)
        context["email_verified"] = addresses.filter(verified=True).exists()
        context["mfa_enabled"] = is_mfa_enabled(user)
        context["api_tokens"] = list(user.api_tokens.active())
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


@method_decorator(never_cache, name="dispatch")
class AccountExportView(LoginRequiredMixin, View):
    """Downloads everything the portal holds about the signed-in person as one JSON file (POST only)."""

    http_method_names = ["post"]

    def post(self, request):
        data = account_export(user=request.user)
        body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        filename = f"hubportal-data-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response


@method_decorator(never_cache, name="dispatch")
class AccountDeleteView(LoginRequiredMixin, View):
    """Shows what deleting the account does, and deletes it after the password (and 2FA code) is confirmed."""

    template_name = "users/account_delete.html"

    def page(self, form, status=200, error=""):
        plan = account_deletion_plan(user=self.request.user)
        context = {"form": form, "plan": plan, "error": error}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.page(AccountDeleteForm(user=request.user, request=request))

    def post(self, request):
        form = AccountDeleteForm(request.POST, user=request.user, request=request)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            account_delete(user=request.user)
        except AccountDeletionBlocked as blocked:
            return self.page(form, status=409, error=blocked.message)
        except ErasureBusy:
            return self.page(form, status=503, error=_("The portal is busy right now. Please try again in a minute."))
        logout(request)
        return redirect("users:account_deleted")


class AccountDeletedView(TemplateView):
    """Where a deleted account lands: a plain page, no session, no message in a cookie."""

    template_name = "users/account_deleted.html"
