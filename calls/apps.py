from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Calls and competitions: applying, the jury's review, stages up to the winner, the results."""

    name = "calls"
    verbose_name = _("Calls and competitions")

    def ready(self):
        from hubportal.core import home
        from hubportal.users import privacy as privacy_registry

        from . import activity, checks, privacy  # noqa: F401 - checks registers itself
        from .selectors import home_context

        activity.register()
        home.register(self.label, home_context)
        privacy_registry.register(self.label, export=privacy.export, erase=privacy.erase)
