from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hubportal.core"
    label = "core"
    verbose_name = _("Portal")

    def ready(self):
        from .sites import site_sync

        post_migrate.connect(site_sync, sender=self.apps.get_app_config("sites"), dispatch_uid="core_site_sync")
