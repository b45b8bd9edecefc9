from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "hubportal.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from hubportal.scheduler.registry import register_command

        register_command("purge_expired_data", daily_at="04:30")
