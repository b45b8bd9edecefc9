"""`make bench` companion: times the top-20 matches of an investor against the plain directory query.

Reuses the database seeded by `manage.py bench` (100,000 startups); reads only, never writes.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from matching.scoring import annotate_startup_matches
from startups.models import InvestorProfile, Startup

THESIS = "Wir investieren in Logistik, Software-Plattformen, Daten-Analyse und Energie-Netze in der Frühphase."


class Command(BaseCommand):
    help = "Times the one-query top-20 matches over the bench seed next to the plain listing (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--no-plans", action="store_true")
        parser.add_argument(
            "--no-jit", action="store_true", help="SET jit = off (already the connection default, see settings)"
        )

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql" or "bench" not in db["NAME"]:
            raise CommandError("Run `make bench` first, then this with DATABASE_URL=postgres://…/hubportal_bench")
        investor = InvestorProfile.objects.filter(is_verified=True).order_by("pk").first()
        if investor is None or not Startup.objects.exists():
            raise CommandError("The bench database is not seeded: run `make bench` first.")
        if options["no_jit"]:
            with connection.cursor() as cursor:
                cursor.execute("SET jit = off")
        investor.thesis = THESIS  # in memory only: the seed has no theses
        published = Startup.objects.published().defer(
            "description", "search_public", "search_company"
        )  # as the pages load
        cases = [
            ("plain listing: newest, page 1", published.order_by("-published_at", "-id")[:20]),
            (
                "plain listing: sort funding + stage seed",
                published.filter(stage="seed").order_by("-funding_sought", "name", "id")[:20],
            ),
            (
                "top-20 matches (with thesis)",
                annotate_startup_matches(published, investor).order_by("-match_score", "-published_at", "-id")[:20],
            ),
            (
                "top-20 matches, stage seed filter",
                annotate_startup_matches(published.filter(stage="seed"), investor).order_by(
                    "-match_score", "-published_at", "-id"
                )[:20],
            ),
        ]
        investor.thesis = ""
        cases.append(
            (
                "top-20 matches (no thesis)",
                annotate_startup_matches(published, investor).order_by("-match_score", "-published_at", "-id")[:20],
            )
        )
        self.stdout.write(f"{published.count():,} published startups; investor {investor.slug}\n")
        self.stdout.write(f"{'case':45} {'median ms':>10} {'p95 ms':>8}")
        for label, queryset in cases:
            self.report(label, queryset, options["runs"], not options["no_plans"])

    def report(self, label, queryset, runs, plans):
        sql, params = queryset.query.sql_with_params()
        times = []
        with connection.cursor() as cursor:
            for _ in range(runs + 2):
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append((time.perf_counter() - started) * 1000)
            times = sorted(times[2:])
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            self.stdout.write(f"{label:45} {statistics.median(times):10.1f} {p95:8.1f}")
            if plans:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
                for (line,) in cursor.fetchall():
                    self.stdout.write(f"      {line}")
