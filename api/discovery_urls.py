"""/sitemap.xml (an index), its pages, /robots.txt, and a JSON 404 for any other address under /api/."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path

from hubportal.core.pagecache import cache_for_visitors

from .discovery import robots_txt
from .errors import not_found
from .sitemaps import SITEMAPS

SCOPES = ("hubs", "startups", "events", "news", "calls")

urlpatterns = [
    path("robots.txt", robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        cache_for_visitors(*SCOPES)(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path(
        "sitemap-<section>.xml",
        cache_for_visitors(*SCOPES)(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    re_path(r"^api/", not_found),
]
