from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubsConfig(AppConfig):
    name = "hubs"
    verbose_name = _("Hubs and topics")

    def ready(self):
        from hubportal.core import home
        from hubportal.core.pagecache import invalidate_on

        from .models import Hub, HubNetwork, Topic
        from .views import home_context

        for model in (Hub, HubNetwork, Topic):
            invalidate_on(model, "hubs")
        home.register(self.label, home_context)
