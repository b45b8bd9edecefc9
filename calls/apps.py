from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Calls and competitions: applying, the jury's review, stages up to the winner, the results."""

    name = "calls"
    verbose_name = _("Calls and competitions")

    def ready(self):
        from django.contrib import admin

        from hubportal.core import home
        from hubportal.core.pagecache import invalidate_on
        from hubportal.scheduler.registry import register_command
        from hubportal.users import privacy as account_privacy

        from . import activity, checks, privacy, work  # noqa: F401 - checks registers itself
        from .models import Application, Call, Criterion, Question
        from .selectors import home_context

        for model in (Call, Question, Criterion):
            invalidate_on(model, "calls")
        invalidate_on(Application, "call_results")  # stages and consent decide the results page
        activity.register()
        home.register(self.label, home_context)
        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
        # Reminders are due 7 days and 1 day before a deadline; hourly keeps them within the hour, once each.
        register_command("send_call_reminders", every=timedelta(hours=1))
        admin.site.register_work(work.work_items)
