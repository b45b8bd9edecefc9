from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from hubportal.core.pagecache import invalidate_on
        from hubportal.scheduler.registry import register_command
        from hubportal.users import privacy as account_privacy

        from . import privacy
        from .models import AgendaItem, Event, Registration, Speaker

        for model in (Event, Speaker, AgendaItem):
            invalidate_on(model, "events")
        invalidate_on(Registration, "registrations")  # the seats left on the event's page

        register_command("send_event_reminders", every=timedelta(minutes=10))
        register_command("send_registration_mails", every=timedelta(minutes=1))
        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
