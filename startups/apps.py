from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StartupsConfig(AppConfig):
    name = "startups"
    verbose_name = _("Startups and investors")

    def ready(self):
        from django.contrib import admin

        from hubportal.core.pagecache import invalidate_on
        from hubportal.users import organisations
        from hubportal.users import privacy as account_privacy

        from . import activity, privacy, signals, work  # noqa: F401 - signals connects the receivers
        from .models import Bookmark, InvestorProfile, Startup, StartupMembership

        activity.register()
        invalidate_on(Startup, "startups", "people")
        # What a person is to the portal (investor, team member): the navigation and the viewer (visibility.py).
        for model in (InvestorProfile, StartupMembership):
            invalidate_on(model, "people")
        invalidate_on(Bookmark, "bookmarks")  # the watchlist buttons of a signed-in person's directory page

        account_privacy.register(
            self.label,
            export=privacy.export,
            erase=privacy.erase,
            deletion_plan=privacy.deletion_plan,
            purge_expired=privacy.purge_expired,
        )
        organisations.register("startup", _("Your startups"), team_startups)
        admin.site.register_work(work.work_items)


def team_startups(user):
    """The startups `user` is on the team of, as (id, name): what they may apply to a call for."""
    from .models import Startup

    return Startup.objects.filter(memberships__user=user).order_by("name", "pk").values_list("pk", "name")
