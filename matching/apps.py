from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching and introductions")

    def ready(self):
        # The startups app asks this hook who was introduced; accepted introductions answer it.
        from startups import visibility

        from .selectors import introduced_startups

        visibility.introduced_startups = introduced_startups

        from hubportal.scheduler.registry import register_command

        register_command("expire_introductions", daily_at="04:15")
        register_command("send_digests", daily_at="07:00")  # weekly searches: the same command, once a week
