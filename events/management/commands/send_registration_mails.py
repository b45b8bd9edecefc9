from django.core.management.base import BaseCommand

from events.services import registration_mails_send_due


class Command(BaseCommand):
    help = (
        "Sends the mails that registrations still owe a minute after they were written (normally sent at once, "
        "after the event's lock; this catches a process that died in between). Run it every minute."
    )

    def handle(self, *args, **options):
        count = registration_mails_send_due()
        self.stdout.write(f"{count} registration mails queued.")
