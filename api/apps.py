from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The open data: the read-only JSON API, the sitemap and robots.txt (on top of every other app)."""

    name = "api"
    verbose_name = _("Open data API")

    def ready(self):
        from . import schema  # noqa: F401  (registers the token's description in the OpenAPI schema)
