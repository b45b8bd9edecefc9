from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "startups"
    verbose_name = _("Startups and investors")

    def ready(self):
        from django.utils.translation import gettext_lazy

        from hubportal.users import organisations

        from . import signals  # noqa: F401 - connects the receivers

        organisations.register("startup", gettext_lazy("Your startups"), team_startups)


def team_startups(user):
    """The startups `user` is on the team of, as (id, name): what they may apply to a call for."""
    from .models import Startup

    return Startup.objects.filter(memberships__user=user).order_by("name", "pk").values_list("pk", "name")
