from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from hubs.services import hubs_load_real_data

DEMO_PASSWORD = "hubportal-demo"  # noqa: S105 - documented in README, demo data only
DEMO_APPS = ["hubportal.users", "hubs", "startups", "matching", "events", "agency", "calls"]


class Command(BaseCommand):
    help = "Loads the real hubs and a realistic demo data set. Safe to run twice."

    def handle(self, *args, **options):
        hubs_load_real_data()
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = import_module(f"{app}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app}.demo":
                        raise
                    continue
                module.load_demo(password=DEMO_PASSWORD, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Demo logins use the password {DEMO_PASSWORD!r}."))
        if not settings.DEBUG:
            self.stdout.write(self.style.WARNING("Demo data loaded into a non-debug database."))
