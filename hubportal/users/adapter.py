from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction
from django.http import Http404
from django.urls import translate_url
from django.utils import translation

from hubportal.mail.services import email_queue_message, language_for

# Links in allauth's mails that point into the portal: rewritten into the recipient's language.
LINK_KEYS = ("activate_url", "password_reset_url", "signup_url")


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails through the portal's mail queue, in the recipient's language."""

    def send_notification_mail(self, template_prefix, user, context=None, email=None):
        # allauth does not pass the user on; the mail needs it for the greeting and the language.
        super().send_notification_mail(template_prefix, user, {"user": user, **(context or {})}, email)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        user = context.get("user")
        language = getattr(user, "language", "") or language_for(email)
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_url": settings.SITE_URL,
            **context,
        }
        for key in LINK_KEYS:
            if ctx.get(key):
                ctx[key] = translate_url(ctx[key], language)
        with translation.override(language):
            message = self.render_mail(template_prefix, email, ctx)
        email_queue_message(message=message, language=language, template=template_prefix)

    def confirm_email(self, request, email_address) -> bool:
        """Confirms an address with the account row locked, as `account_delete` locks it first: a confirmation
        and a deletion at the same moment run one after the other, and a link whose account or address went
        in the meantime is invalid (404) instead of failing halfway through allauth's writes."""
        with transaction.atomic():
            user = get_user_model().objects.select_for_update().filter(pk=email_address.user_id).first()
            pending = EmailAddress.objects.filter(pk=email_address.pk, user_id=email_address.user_id, verified=False)
            if user is None or not pending.exists():
                raise Http404
            email_address.user = user
            return super().confirm_email(request, email_address)

    def format_email_subject(self, subject: str) -> str:
        return settings.EMAIL_SUBJECT_PREFIX_PORTAL + str(subject)

    def get_login_redirect_url(self, request) -> str:
        """A new founder or investor without a profile is led to create it; everyone else goes on as usual."""
        from django.urls import reverse

        user = request.user
        if user.is_authenticated:
            if user.account_type == "startup" and not user.startup_memberships.exists():
                return reverse("startups:startup_create")
            if user.account_type == "investor" and not hasattr(user, "investor_profile"):
                return reverse("startups:investor_profile")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request) -> str:
        """After sign-up and email confirmation, the same as after a login (so new founders reach their form)."""
        return self.get_login_redirect_url(request)
