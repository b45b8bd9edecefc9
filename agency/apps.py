from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AgencyConfig(AppConfig):
    """The agency's back office: advice requests, hub updates and reports, dashboard, staff roles."""

    default = True
    name = "agency"
    verbose_name = _("Agency back office")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hubportal.users import organisations

        organisations.register("company", _("Your company profile"), company_profile)


def company_profile(user):
    """The person's company profile, as (id, name): what they may apply to a call for."""
    from .models import OrganisationProfile

    return OrganisationProfile.objects.filter(user=user).exclude(company_name="").values_list("pk", "company_name")


class PortalAdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with our admin site (allauth login, MFA for staff, dashboard index)."""

    default = False
    default_site = "agency.admin_site.PortalAdminSite"
