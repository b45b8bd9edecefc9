from django.core.management.base import BaseCommand

from agency.services import hub_report_reminders_send


class Command(BaseCommand):
    help = (
        "Mails the managers of hubs that have not filed last quarter's report, in the week before its deadline "
        "(each manager once per hub and quarter). Run it daily."
    )

    def handle(self, *args, **options):
        count = hub_report_reminders_send()
        self.stdout.write(f"{count} hub report reminders queued.")
