from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import module_has_submodule

DEMO_PASSWORD = "hubportal-demo"  # noqa: S105 - documented in README, demo data only


class Command(BaseCommand):
    help = "Loads the real hubs and a realistic demo data set. Safe to run twice."

    def handle(self, *args, **options):
        # Each app with a `demo` module loads its part, in the order of INSTALLED_APPS (an app after those it uses).
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                if module_has_submodule(app_config.module, "demo"):
                    module = import_module(f"{app_config.name}.demo")
                    module.load_demo(password=DEMO_PASSWORD, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins use the password {DEMO_PASSWORD!r}."))
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("Demo data loaded into a non-debug database."))
