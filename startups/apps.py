from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "startups"
    verbose_name = _("Startups and investors")

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
