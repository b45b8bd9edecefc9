from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    """The one activity log of the portal (hubportal/activity/): services record, pages and the admin read."""

    name = "hubportal.activity"
    label = "activity"
    verbose_name = _("Activity log")
