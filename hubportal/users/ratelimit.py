"""allauth's rate limits on its form pages answer with the form again: a message and what was typed (status 429).

allauth hands a limited request to the `handler429` of the root URLconf (its documented hook); the request has not
reached the form then, or (password reset) the limit hit after validation. Nothing here validates the form again,
so no further attempt is counted and nothing is sent or saved.
"""

import logging
import math
import time

from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms import PasswordInput
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext, ngettext

# allauth keeps the layout of its counters internal: if an upgrade changes it, the message says "a few minutes".
try:
    from allauth.core.internal.ratelimit import get_cache_key, get_rates
except ImportError:
    get_cache_key = get_rates = None

logger = logging.getLogger(__name__)

# allauth's form pages (URL names) that answer a rate limit with handler429: the action of ACCOUNT_RATE_LIMITS each
# consumes, the posted field allauth takes as the action's key, and the name of the form's submit button where the
# page has other buttons that post to the same view. The password-reset page behind the mailed link
# (`account_reset_password_from_key`) is missing on purpose: its view checks the link before it can build the
# form, and the form holds nothing but passwords, so it keeps the 429 page.
LIMITED_FORM_PAGES = {
    "account_login": ("login", None, None),
    "account_signup": ("signup", None, None),
    "account_reset_password": ("reset_password", "email", None),
    # Re-send, remove and make primary post an existing address as `email`, the name of the form's one field.
    "account_email": ("manage_email", None, "action_add"),
    "account_change_password": ("change_password", None, None),
    "account_set_password": ("change_password", None, None),
    "account_reauthenticate": ("reauthenticate", None, None),
    "mfa_reauthenticate": ("reauthenticate", None, None),
}


def rate_limited_form_response(request: HttpRequest) -> HttpResponse | None:
    """The limited form page again with the message and the posted values; None if this is not such a page."""
    match = request.resolver_match
    if request.method != "POST" or match is None or match.url_name not in LIMITED_FORM_PAGES:
        return None
    view_class = getattr(match.func, "view_class", None)
    if view_class is None:  # a page allauth no longer serves with a class-based view: the 429 page
        return None
    action, key_field, form_button = LIMITED_FORM_PAGES[match.url_name]
    view = view_class(**match.func.view_initkwargs)  # type: ignore[attr-defined]  # attribute Django reads
    view.setup(request, *match.args, **match.kwargs)
    form_kwargs = view.get_form_kwargs()
    form_kwargs.pop("data", None)
    form_kwargs.pop("files", None)
    form = view.get_form_class()(**form_kwargs)
    # A post of one of the page's other buttons typed nothing into the form: it comes back empty.
    posted_by_form = form_button is None or form_button in request.POST
    asks_password = keep_posted_values(form, request) if posted_by_form else False
    key = request.POST.get(key_field, "").strip().lower() if key_field else None
    wait = seconds_until_allowed(request, action=action, key=key)
    messages = [rate_limit_message(wait)]
    if asks_password:
        messages.append(gettext("For your security, please enter your password again."))
    form.errors[NON_FIELD_ERRORS] = form.error_class(messages, error_class="nonfield", renderer=form.renderer)
    response = render(request, view.get_template_names(), view.get_context_data(form=form), status=429)
    if wait:
        response["Retry-After"] = str(wait)
    add_never_cache_headers(response)
    return response


def keep_posted_values(form, request: HttpRequest) -> bool:
    """Puts the posted values into the unbound form as its initial values, except credentials (passwords and
    one-time codes), which are never sent back. Returns whether the form asks for a password."""
    asks_password = False
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, PasswordInput):
            asks_password = True
            continue
        if widget.attrs.get("autocomplete") == "one-time-code":
            continue
        html_name = form.add_prefix(name)
        if not widget.value_omitted_from_data(request.POST, request.FILES, html_name):
            form.initial[name] = widget.value_from_datadict(request.POST, request.FILES, html_name)
    return asks_password


def seconds_until_allowed(request: HttpRequest, *, action: str, key: str | None) -> int | None:
    """Seconds until `action` is allowed again for this request, from allauth's counters; None if unknown."""
    if get_cache_key is None or get_rates is None:
        return None
    try:
        now = time.time()
        waits = []
        for rate in get_rates(app="allauth.account", action=action):
            if rate.per == "key" and not key:
                continue
            cache_key = get_cache_key(request, app="allauth.account", action=action, rate=rate, key=key)
            recent = sorted((t for t in cache.get(cache_key, []) if t > now - rate.duration), reverse=True)
            if len(recent) >= rate.amount:
                waits.append(recent[rate.amount - 1] + rate.duration - now)
    except Exception:
        logger.warning("Could not read allauth's rate limit counters for %s", action, exc_info=True)
        return None
    return max(1, math.ceil(max(waits))) if waits else None


def rate_limit_message(wait: int | None) -> str:
    """The message of a rate limit, with the time to wait in seconds or minutes if it is known."""
    if wait is None:
        return gettext("Too many attempts in a short time. Please wait a few minutes, then try again.")
    if wait < 60:
        duration = ngettext("%(count)d second", "%(count)d seconds", wait) % {"count": wait}
    else:
        minutes = math.ceil(wait / 60)
        duration = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    return gettext("Too many attempts in a short time. Please wait %(duration)s, then try again.") % {
        "duration": duration
    }
