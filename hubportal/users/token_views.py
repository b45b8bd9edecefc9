"""Personal API tokens on the account page: create (shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from hubportal.errors import ServiceError

from .forms import ApiTokenForm
from .models import ApiToken
from .services.api_tokens import api_token_create, api_token_revoke


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(LoginRequiredMixin, View):
    """The form for a new token, and the page that shows the token once (never stored, never sent again)."""

    template_name = "users/api_token_form.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ApiTokenForm()})

    def post(self, request):
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        try:
            row, token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ServiceError as refused:
            form.add_error(None, refused.message)
            return render(request, self.template_name, {"form": form}, status=409)
        return render(request, "users/api_token_created.html", {"row": row, "token": token})


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """Revokes one of the signed-in person's tokens (POST only); another person's token is a 404."""

    http_method_names = ["post"]

    def post(self, request, pk):
        try:
            row = api_token_revoke(user=request.user, token_id=pk)
        except ApiToken.DoesNotExist:
            raise Http404 from None
        messages.success(request, _("The token “%(name)s” was revoked.") % {"name": row.name})
        return redirect("users:account")
