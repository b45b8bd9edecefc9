"""`make bench` companion: the API's startups list next to the directory page of the same filter.

Reuses the database seeded by `manage.py bench` (100,000 startups). For each filter it times the directory page
(page 1), the API's first page and a page deep in the result (the cursor after `--depth` rows, reached by following
`next` links), each built anew (the shared cache is emptied before every request, so neither side is served from
the page or listing cache), and prints the API's times as ratios to the directory's.
"""

import statistics
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

FILTERS = [
    ("no filter (newest)", ""),
    ("topic ai", "topic=ai"),
    ("stage seed + seeking funding", "stage=seed&stage=pre_seed&seeking_funding=true"),
    ("search 'Logistik' (relevance)", "q=Logistik"),
    ("sort name", "sort=name"),
    ("funding range, sort funding", "funding_min=500000&funding_max=2000000&sort=funding"),
]
PER_PAGE = 20


class Command(BaseCommand):
    help = "Times the API's startups list (page 1 and a deep cursor) against the directory page (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--depth", type=int, default=5000, help="Rows before the deep page (walked in 100s).")

    def handle(self, *args, **options):
        if "bench" not in settings.DATABASES["default"]["NAME"]:
            raise CommandError("Run it on the benchmark database seeded by `manage.py bench`.")
        from startups.models import Startup

        if Startup.objects.published().count() < 10_000:
            raise CommandError("Seed the benchmark database first: `manage.py bench`.")
        rates = {"ip": "1000000/min", "token": "1000000/min"}
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, API_RATES=rates, STORAGES=storages):
            self.compare(Client(), options["runs"], options["depth"])

    def compare(self, client, runs: int, depth: int):
        header = (
            f"{'filter':32} {'page ms':>8} {'API p1':>8} {'API deep':>9} {'rows':>6} {'p1/page':>8} {'deep/page':>9}"
        )
        self.stdout.write("\n" + header + "   queries page/p1/deep")
        for label, query in FILTERS:
            page_url = f"/de/startups/?{query}"
            api_url = f"/api/v1/startups/?{query}&limit={PER_PAGE}"
            deep_url, reached = self.deep_cursor(client, f"/api/v1/startups/?{query}&limit=100", depth)
            deep_url = deep_url.replace("limit=100", f"limit={PER_PAGE}")
            page_ms, page_q = self.time(client, page_url, runs)
            first_ms, first_q = self.time(client, api_url, runs)
            deep_ms, deep_q = self.time(client, deep_url, runs)
            self.stdout.write(
                f"{label:32} {page_ms:8.1f} {first_ms:8.1f} {deep_ms:9.1f} {reached:6} "
                f"{first_ms / page_ms:8.2f} {deep_ms / page_ms:9.2f}   {page_q}/{first_q}/{deep_q}"
            )

    def deep_cursor(self, client, url: str, depth: int) -> tuple[str, int]:
        """The `next` link after `depth` rows (or the last page's, for a shorter result) and the rows before it."""
        reached = 0
        while reached < depth:
            data = client.get(url).json()
            if data["next"] is None:
                break
            reached += len(data["results"])
            parts = urlsplit(data["next"])
            url = f"{parts.path}?{parts.query}"
        return url, reached

    def time(self, client, url: str, runs: int) -> tuple[float, int]:
        times = []
        for _ in range(runs):
            cache.clear()
            started = time.perf_counter()
            response = client.get(url)
            response.getvalue()
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        count = len(queries)
        return statistics.median(times), count
