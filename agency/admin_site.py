"""The admin site: login through allauth, MFA required for staff, the dashboard as index."""

from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def staff_has_totp(user) -> bool:
    """Whether `user` has an active TOTP authenticator (allauth MFA)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class PortalAdminSite(admin.AdminSite):
    """`admin.site` for every app; see the module docstring."""

    site_header = "Hubportal"
    site_title = "Hubportal"

    def login(self, request, extra_context=None):
        """Sends everyone to allauth's rate-limited login (which also asks for the second factor)."""
        if request.user.is_authenticated and not self.has_permission(request):
            raise PermissionDenied
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            next_url = reverse("admin:index", current_app=self.name)
        if request.user.is_authenticated:
            return redirect(next_url)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': next_url})}")

    def mfa_missing(self, request) -> bool:
        """Staff who may use the admin but have not set up TOTP yet (when ADMIN_REQUIRE_MFA is on)."""
        return bool(
            getattr(settings, "ADMIN_REQUIRE_MFA", True)
            and self.has_permission(request)
            and not staff_has_totp(request.user)
        )

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def mfa_guard(request, *args, **kwargs):
            if request.path != reverse("admin:logout", current_app=self.name) and self.mfa_missing(request):
                messages.warning(
                    request, _("Please set up two-factor authentication before you use the administration.")
                )
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('mfa_activate_totp')}?{query}")
            return inner(request, *args, **kwargs)

        return mfa_guard

    def get_urls(self):
        from django.urls import path

        from .timeline import startup_timeline_view

        return [
            path(
                "startups/startup/<int:pk>/timeline/",
                self.admin_view(startup_timeline_view),
                name="startups_startup_timeline",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from .dashboard import dashboard_context

        extra_context = {**(extra_context or {}), **dashboard_context(request)}
        return super().index(request, extra_context)
