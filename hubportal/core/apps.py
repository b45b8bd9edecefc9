from datetime import timedelta

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

        from hubportal.scheduler.registry import register_command

        # The task queue's housekeeping: tasks of dead workers become visible failures; finished results go.
        register_command("fail_lost_tasks", every=timedelta(minutes=10))
        register_command("prune_db_task_results", daily_at="04:45", queue_name="*")
