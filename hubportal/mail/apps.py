from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailConfig(AppConfig):
    name = "hubportal.mail"
    label = "mail"
    verbose_name = _("Outgoing mail")

    def ready(self):
        from hubportal.scheduler.registry import register_command

        # The safety net next to the task worker: due mails, retries, deliveries a dead worker interrupted.
        register_command("send_pending_mail", every=timedelta(minutes=5))
