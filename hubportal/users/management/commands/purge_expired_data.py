from django.core.management.base import BaseCommand

from hubportal.users.services.retention import data_purge_expired


class Command(BaseCommand):
    help = "Deletes data past its retention period: old stored mails, expired sessions and invitations (daily)."

    def handle(self, *args, **options):
        counts = data_purge_expired()
        self.stdout.write(", ".join(f"{count} {kind}" for kind, count in counts.items()) + " deleted.")
