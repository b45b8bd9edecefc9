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

# The session key of the unused one-time values of the forms shown (each rendered form has its own, so forms open in
# two tabs both work): the browser's "back" or "reload" on the page that showed a token sends the form again, which
# must neither create a second token nor show one. Only the newest FORMS_KEPT are kept, so the session stays small.
FORM_ONCE = "api_token_form_once"
FORMS_KEPT = 10


def unused_once(request) -> list[str]:
    """The session's unused one-time values, oldest first (a session from before the list held one string)."""
    kept = request.session.get(FORM_ONCE, [])
    return [kept] if isinstance(kept, str) else list(kept)


def form_context(request, form) -> dict:
    """The form with a new one-time value (the token is shown on the answer to the POST, never stored)."""
    once = secrets.token_urlsafe(16)
    request.session[FORM_ONCE] = [*unused_once(request), once][-FORMS_KEPT:]
    return {"form": form, "once": once}


def once_consume(request) -> bool:
    """Whether the form sent carries an unused one-time value of this session; that value is used up."""
    sent, unused = request.POST.get("once", ""), unused_once(request)
    matches = [value for value in unused if constant_time_compare(sent, value)] if sent else []
    if not matches:
        return False
    request.session[FORM_ONCE] = [value for value in unused if value not in matches]
    return True


@method_decorator(never_cache, name="dispatch")
class ApiTokenCreateView(LoginRequiredMixin, View):
    """The form for a new token, and the page that shows the token once (never stored, never sent again)."""

    template_name = "users/api_token_form.html"

    def get(self, request):
        return render(request, self.template_name, form_context(request, ApiTokenForm()))

    def post(self, request):
        if not once_consume(request):
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
