from django.core.management.base import BaseCommand

from calls.services import reminders_send


class Command(BaseCommand):
    help = (
        "Mails draft owners 7 days and 1 day before a call's deadline (finalists before the second phase's). "
        "Safe to run twice; run it every hour."
    )

    def handle(self, *args, **options):
        count = reminders_send()
        self.stdout.write(f"{count} call reminders queued.")
