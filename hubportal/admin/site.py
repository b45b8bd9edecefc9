"""The admin site of every app: login through allauth, MFA required for staff, extension points for the apps.

Apps plug in from their admin module, so that this package imports no app:
- `admin.site.register_view(route, view, name)`: an extra admin page (the agency's startup timeline), behind
  the same login and MFA rule, under the admin's URL namespace;
- `admin.site.register_index_panel(template_name, context)`: a section above the app list on the index page;
  `context(request) -> dict` adds what it shows (the agency's dashboard).
"""

from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def staff_has_totp(user) -> bool:
    """Whether `user` has an active TOTP authenticator (allauth MFA)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class PortalAdminSite(admin.AdminSite):
    """`admin.site` for every app; see the module docstring."""

    site_header = "Hubportal"
    site_title = "Hubportal"

    def __init__(self, name="admin"):
        super().__init__(name)
        self._views: list[tuple[str, Callable, str]] = []
        self._index_panels: list[tuple[str, Callable[..., dict]]] = []

    def register_view(self, route: str, view: Callable, name: str) -> None:
        """Adds an admin page at `route` (before the model admins' URLs, which would swallow it) as `admin:<name>`."""
        self._views.append((route, view, name))

    def register_index_panel(self, template_name: str, context: Callable[..., dict]) -> None:
        """Adds a section to the index page: `template_name` is included with `context(request)` in the page."""
        self._index_panels.append((template_name, context))

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
        return [
            *(path(route, self.admin_view(view), name=name) for route, view, name in self._views),
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *(url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"),
        ]

    def view_on_site(self, request, content_type_id, object_id):
        """Django's "view on site" redirect, only to objects the user may open in this admin.

        Django's own redirects any staff member to any object's URL, which may hold a secret
        (a team invitation's token) or name another hub's ticket code.
        """
        from django.contrib.contenttypes.models import ContentType
        from django.contrib.contenttypes.views import shortcut

        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError) as error:
            raise Http404 from error
        model_admin = self._registry.get(model)
        if model_admin is None or model_admin.view_on_site is False:
            raise Http404
        obj = model_admin.get_object(request, object_id)
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)

    def index(self, request, extra_context=None):
        from .recent import recent_activity

        panels = {
            "index_panels": [template_name for template_name, _context in self._index_panels],
            "recent_activity": recent_activity(self, request),
        }
        for _template_name, context in self._index_panels:
            panels.update(context(request))
        return super().index(request, {**(extra_context or {}), **panels})
