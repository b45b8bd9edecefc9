from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    name = "hubportal.users"
    label = "users"
    verbose_name = _("Users")

    def ready(self):
        from hubportal.scheduler.registry import register_command

        from . import activity, privacy, token_privacy

        register_command("purge_expired_data", daily_at="04:30")
        activity.register()
        privacy.register(self.label, export=token_privacy.export, erase=token_privacy.erase)
