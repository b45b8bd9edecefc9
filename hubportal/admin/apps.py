from django.contrib.admin import apps as admin_apps


class PortalAdminConfig(admin_apps.AdminConfig):
    """`django.contrib.admin` with our admin site (allauth login, MFA for staff, the apps' index panels)."""

    default_site = "hubportal.admin.site.PortalAdminSite"

    def ready(self) -> None:
        from . import services

        services.register()
        super().ready()
