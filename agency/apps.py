from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    """The agency's back office: advice requests, hub updates and reports, the admin dashboard."""

    name = "agency"
    verbose_name = _("Agency back office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hubportal.core.pagecache import invalidate_on
        from hubportal.users import privacy as account_privacy

        from . import privacy
        from .models import HubUpdate

        invalidate_on(HubUpdate, "news")

        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
