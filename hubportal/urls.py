from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from hubportal.core import health
from hubportal.core import views as core_views
from hubportal.core.pagecache import cache_for_visitors

admin.site.site_header = "Hubportal"
admin.site.site_title = "Hubportal"

# Health checks for load balancers and process managers: outside the language prefix, no cookie, no redirect.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # The open data API (api/): outside the language prefix; Accept-Language or ?lang= choose the language.
    path("api/v1/", include("api.urls")),
    # sitemap.xml and robots.txt (api/discovery_urls.py), and a JSON 404 for the rest of /api/.
    path("", include("api.discovery_urls")),
]

# No set_language view: the language switch links to the page under the other prefix, so no
# language cookie is ever set (see templates/includes/language_switch.html). The page cache serves visitors the
# pages that name the content they show (hubportal/core/pagecache.py); the fixed pages cost nothing to render.
urlpatterns += i18n_patterns(
    path(
        "",
        cache_for_visitors("hubs", "startups", "events", "news", "calls")(core_views.HomeView.as_view()),
        name="home",
    ),
    path("hubs/", include("hubs.urls")),
    path("startups/", include("startups.urls")),
    path("events/", include("events.urls")),
    path("matching/", include("matching.urls")),
    path("calls/", include("calls.urls")),
    path("accounts/", include("allauth.urls")),
    path("account/", include("hubportal.users.urls")),
    path("imprint/", core_views.PageView.as_view(page="imprint"), name="imprint"),
    path(
        "privacy/",
        core_views.PageView.as_view(
            page="privacy",
            extra_context={
                "mail_retention_days": settings.MAIL_RETENTION_DAYS,
                "intro_expiry_days": settings.INTRO_EXPIRY_DAYS,
            },
        ),
        name="privacy",
    ),
    path("accessibility/", core_views.PageView.as_view(page="accessibility"), name="accessibility"),
    path("", include("agency.urls")),
    path("admin/", admin.site.urls),
)

# Uploads are served by nginx in production; SERVE_MEDIA=1 lets Django serve them for `make serve` only.
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "hubportal.core.views.error_400"
handler404 = "hubportal.core.views.error_404"
handler403 = "hubportal.core.views.error_403"
handler429 = "hubportal.core.views.error_429"  # not Django's: allauth's rate limits look it up here
handler500 = "hubportal.core.views.error_500"
