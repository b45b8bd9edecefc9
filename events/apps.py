from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        from hubportal.core.pagecache import fill_with, invalidate_on
        from hubportal.scheduler.registry import register_command
        from hubportal.users import privacy as account_privacy

        from . import activity, privacy, seats
        from .models import AgendaItem, Event, Speaker

        for model in (Event, Speaker, AgendaItem):
            invalidate_on(model, "events")
        fill_with(seats.fill)  # the seats left: put in per answer, as every registration changes them

        activity.register()
        register_command("send_event_reminders", every=timedelta(minutes=10))
        register_command("send_registration_mails", every=timedelta(minutes=1))
        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
