"""Personal API tokens on the account page: create (shown once) and revoke."""

import secrets

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache

from hubportal.errors import ServiceError

from .forms import ApiTokenForm
from .models import ApiToken
from .services.api_tokens import api_token_create, api_token_revoke

# The session key of the form's one-time value: the browser's "back" or "reload" on the page that showed a token
# sends the form again, which must neither create a second token nor show one.
FORM_ONCE = "api_token_form_once"


def form_context(request, form) -> dict:
    """The form with a new one-time value (the token is shown on the answer to the POST, never stored)."""
    once = request.session[FORM_ONCE] = secrets.token_urlsafe(16)
    return {"form": form, "once": once}


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(LoginRequiredMixin, View):
    """The form for a new token, and the page that shows the token once (never stored, never sent again)."""

    template_name = "users/api_token_form.html"

    def get(self, request):
        return render(request, self.template_name, form_context(request, ApiTokenForm()))

    def post(self, request):
        sent, expected = request.POST.get("once", ""), request.session.pop(FORM_ONCE, "")
        if not (sent and expected and constant_time_compare(sent, expected)):
            messages.info(
                request, _("This form was sent before, and its token was shown only that once. Nothing was created.")
            )
            return redirect("users:account")
        form = ApiTokenForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, form_context(request, form), status=400)
        try:
            row, token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        except ServiceError as refused:
            form.add_error(None, refused.message)
            return render(request, self.template_name, form_context(request, form), status=409)
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
