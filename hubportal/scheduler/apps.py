from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulerConfig(AppConfig):
    name = "hubportal.scheduler"
    label = "scheduler"
    verbose_name = _("Scheduler")

    def ready(self):
        from .registry import register
        from .services import scheduler_prune_runs

        register("scheduler_prune_runs", scheduler_prune_runs, daily_at="04:00")
