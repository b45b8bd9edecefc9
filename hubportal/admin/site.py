"""The admin site of every app: login through allauth, MFA required for staff, extension points for the apps.
Django's bulk "delete selected" action is off for every model.

Apps plug in from their admin module, so that this package imports no app:
- `admin.site.register_view(route, view, name)`: an extra admin page (the agency's startup timeline), behind
  the same login and MFA rule, under the admin's URL namespace;
- `admin.site.register_index_panel(template_name, context)`: a section above the app list on the index page;
  `context(request) -> dict` adds what it shows;
- `admin.site.register_dashboard_panel(template_name, context)`: a section of the dashboard page (`admin:dashboard`);
  `context(request, period) -> dict` adds its figures for the chosen `period.Period` (the agency's figures);
- `admin.site.register_work(items)`: "My work" on the index page; `items(request) -> list[WorkItem]` gives the
  signed-in staff member's queues, each a count that links to the filtered list (a fixed number of queries).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .period import PeriodForm


def staff_has_totp(user) -> bool:
    """Whether `user` has an active TOTP authenticator (allauth MFA)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


# Django's admin writes the icon of a yes/no value with alt="True", "False" or "None", in English whatever the language.
BOOLEAN_ICON = re.compile(
    r'(<img src="[^"]*/admin/img/icon-(?:yes|no|unknown)(?:\.[0-9a-f]+)?\.svg" alt=")(True|False|None)(">)'
)


def translate_boolean_icons(response) -> None:
    """Gives the admin's yes/no icons their text in the reader's language (Django's own words for the filter)."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    words = {"True": _("Yes"), "False": _("No"), "None": _("Unknown")}
    content = response.content.decode(response.charset)
    replaced = BOOLEAN_ICON.sub(lambda m: m.group(1) + escape(words[m.group(2)]) + m.group(3), content)
    if replaced != content:
        response.content = replaced.encode(response.charset)


@dataclass(frozen=True)
class WorkItem:
    """One queue of "My work": how many rows wait, and the admin list filtered to exactly those rows."""

    label: str
    count: int
    url: str
    urgent: bool = False


class PortalAdminSite(admin.AdminSite):
    """`admin.site` for every app; see the module docstring."""

    site_header = "Hubportal"
    site_title = "Hubportal"

    def __init__(self, name="admin"):
        super().__init__(name)
        self._views: list[tuple[str, Callable, str]] = []
        self._index_panels: list[tuple[str, Callable[..., dict]]] = []
        self._dashboard_panels: list[tuple[str, Callable[..., dict]]] = []
        self._work: list[Callable[..., list[WorkItem]]] = []
        # Django's "delete selected" deletes rows without the services (no log, no refusal, no side effects);
        # a model admin deletes one object at a time through its service (hubportal.admin.actions.ServiceDelete).
        self.disable_action("delete_selected")

    def register_view(self, route: str, view: Callable, name: str) -> None:
        """Adds an admin page at `route` (before the model admins' URLs, which would swallow it) as `admin:<name>`."""
        self._views.append((route, view, name))

    def register_index_panel(self, template_name: str, context: Callable[..., dict]) -> None:
        """Adds a section to the index page: `template_name` is included with `context(request)` in the page."""
        self._index_panels.append((template_name, context))

    def register_dashboard_panel(self, template_name: str, context: Callable[..., dict]) -> None:
        """Adds a section to the dashboard page: `template_name` is included with `context(request, period)`."""
        self._dashboard_panels.append((template_name, context))

    def register_work(self, items: Callable[..., list[WorkItem]]) -> None:
        """Adds queues to "My work" on the index page: `items(request)` returns the user's `WorkItem`s."""
        self._work.append(items)

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
            response = inner(request, *args, **kwargs)
            if hasattr(response, "add_post_render_callback"):
                response.add_post_render_callback(translate_boolean_icons)
            return response

        return mfa_guard

    def get_urls(self):
        return [
            *(path(route, self.admin_view(view), name=name) for route, view, name in self._views),
            path("dashboard/", self.admin_view(self.dashboard), name="dashboard"),
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

    def get_app_list(self, request, app_label=None):
        """Django's app list, with the names of models that come untranslated (third-party models named after
        their class) looked up in our catalogue (hubportal/core/admin.py lists them)."""
        app_list = super().get_app_list(request, app_label)
        for app in app_list:
            for model in app["models"]:
                model["name"] = capfirst(_(str(model["model"]._meta.verbose_name_plural)))
        return app_list

    def index(self, request, extra_context=None):
        from .recent import recent_activity

        panels = {
            "index_panels": [template_name for template_name, _context in self._index_panels],
            "work_items": [item for items in self._work for item in items(request)],
            "has_dashboard": bool(self._dashboard_panels),
            "recent_activity": recent_activity(self, request),
        }
        for _template_name, context in self._index_panels:
            panels.update(context(request))
        return super().index(request, {**(extra_context or {}), **panels})

    def dashboard(self, request):
        """The figures the apps registered, for a period chosen in a GET form (the current quarter by default)."""
        form = PeriodForm(request.GET or None, label_suffix="")
        period = form.chosen()
        context = {
            **self.each_context(request),
            "title": _("Dashboard"),
            "form": form,
            "period": period,
            "dashboard_panels": [template_name for template_name, _context in self._dashboard_panels],
        }
        for _template_name, panel in self._dashboard_panels:
            context.update(panel(request, period))
        return TemplateResponse(request, "admin/dashboard.html", context)
