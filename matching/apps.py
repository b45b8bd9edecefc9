from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching and introductions")

    def ready(self):
        from hubportal.core.pagecache import invalidate_on
        from hubportal.scheduler.registry import register_command
        from hubportal.users import privacy as account_privacy
        from startups import visibility

        from . import activity, privacy
        from .models import Introduction
        from .selectors import introduced_startups

        activity.register()
        invalidate_on(Introduction, "people")  # the navigation's count of requests waiting for an answer
        # An accepted introduction reveals the startup's field groups and contact to the investor.
        visibility.register_grant("introductions", introduced_startups)
        # Before startups' part: it reads the team memberships that startups' part removes.
        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase, erase_order=-1)

        register_command("expire_introductions", daily_at="04:15")
        register_command("send_digests", daily_at="07:00")  # weekly searches: the same command, once a week
