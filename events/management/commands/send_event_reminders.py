from django.core.management.base import BaseCommand

from events.services import event_reminders_send


class Command(BaseCommand):
    help = "Queues reminder mails for events starting within 24 hours (once per event). Run it every few minutes."

    def handle(self, *args, **options):
        count = event_reminders_send()
        self.stdout.write(f"{count} reminder mails queued.")
