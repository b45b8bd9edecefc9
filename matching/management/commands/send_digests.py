from django.core.management.base import BaseCommand

from matching.digests import digests_send_due


class Command(BaseCommand):
    help = "Mails the due daily and weekly digests of saved searches (safe to run more than once)."

    def handle(self, *args, **options):
        sent = digests_send_due()
        self.stdout.write(f"{sent} digest mail(s) sent.")
