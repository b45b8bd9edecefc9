from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from hubportal.scheduler.registry import register_command
        from hubportal.users import privacy as account_privacy

        from . import privacy

        register_command("send_event_reminders", every=timedelta(minutes=10))
        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
