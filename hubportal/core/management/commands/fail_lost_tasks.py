from django.core.management.base import BaseCommand

from hubportal.core.task_results import task_results_fail_lost


class Command(BaseCommand):
    help = "Marks failed the background tasks whose worker stopped while running them (TASKS_LOST_AFTER_MINUTES)."

    def handle(self, *args, **options):
        count = task_results_fail_lost()
        self.stdout.write(f"{count} lost task(s) marked failed.")
