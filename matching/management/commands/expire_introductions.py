from django.core.management.base import BaseCommand

from matching.services import intro_expire_stale


class Command(BaseCommand):
    help = "Marks pending introduction requests past their expiry date as expired (run daily)."

    def handle(self, *args, **options):
        count = intro_expire_stale()
        self.stdout.write(f"{count} introduction request(s) expired.")
