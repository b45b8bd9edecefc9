from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    """The agency's back office: advice requests, hub updates and reports, the admin dashboard."""

    name = "agency"
    verbose_name = _("Agency back office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hubportal.core.pagecache import invalidate_on
        from hubportal.scheduler.registry import register_command
        from hubportal.users import organisations
        from hubportal.users import privacy as account_privacy

        from . import activity, privacy
        from .models import HubUpdate

        invalidate_on(HubUpdate, "news")
        activity.register()

        account_privacy.register(self.label, export=privacy.export, erase=privacy.erase)
        organisations.register("company", _("Your company profile"), company_profile)
        register_command("send_hub_report_reminders", daily_at="08:30")


def company_profile(user):
    """The person's company profile, as (id, name): what they may apply to a call for."""
    from .models import OrganisationProfile

    return OrganisationProfile.objects.filter(user=user).exclude(company_name="").values_list("pk", "company_name")
