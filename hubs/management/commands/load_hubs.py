from django.core.management.base import BaseCommand

from hubs.services import hubs_load_real_data


class Command(BaseCommand):
    help = "Loads the real de:hubs, topics and the Baden-Württemberg network (idempotent)."

    def handle(self, *args, **options):
        created = hubs_load_real_data()
        self.stdout.write(
            "Hubs loaded: {hubs} new hubs, {topics} new topics, {networks} new networks.".format(**created)
        )
