from django.core.management.base import BaseCommand

from hubportal.mail.services import email_send_pending


class Command(BaseCommand):
    help = "Delivers every queued mail that is due (a safety net next to the task worker)."

    def handle(self, *args, **options):
        count = email_send_pending()
        self.stdout.write(f"{count} mail(s) processed.")
