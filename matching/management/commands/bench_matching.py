"""`make bench` companion: the top-20 matches of an investor next to the plain directory listing.

Reuses the database seeded by `manage.py bench` (100,000 startups). For each filter it times

- the one SQL statement of a match page (ranking + the page's rows, exactly as `StartupMatchListView` runs it)
  next to the directory's page statement for the same filter and page size, in two sorts: newest first
  (served by an index, it reads 20 rows) and funding as a verified investor sees it;
- the whole pages through the test client (count, rows, topics, template), matches page next to directory page;
- page 1 without filters for many investors: how often full matches fill it (no ranking) and the spread of
  the ratio to the listing.

The investor's thesis is written inside a transaction that is rolled back: the command leaves no trace.
"""

import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.http import QueryDict
from django.test import Client, override_settings

from matching.scoring import annotate_startup_matches, startup_match_page
from startups.filtersets import StartupFilterSet
from startups.models import InvestorProfile, Startup
from startups.views.directory import PER_PAGE
from startups.visibility import viewer_for

THESIS = "Wir investieren in Logistik, Software-Plattformen, Daten-Analyse und Energie-Netze in der Frühphase."
FILTERS = [
    ("no filter", ""),
    ("stage seed", "stage=seed"),
    ("topic ai", "topic=ai"),
    ("search 'Logistik'", "q=Logistik"),
]


class Command(BaseCommand):
    help = "Times the top-20 matches over the bench seed next to the plain listing of the same filter (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--plans", action="store_true", help="Print EXPLAIN ANALYZE of each match statement.")
        parser.add_argument("--investors", type=int, default=40, help="How many investors the spread covers.")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if db["ENGINE"] != "django.db.backends.postgresql" or "bench" not in db["NAME"]:
            raise CommandError("Run `make bench` first, then this with DATABASE_URL=postgres://…/hubportal_bench")
        profile = InvestorProfile.objects.filter(is_verified=True).select_related("user").order_by("pk").first()
        if profile is None or not Startup.objects.exists():
            raise CommandError("The bench database is not seeded: run `make bench` first.")
        self.runs, self.plans = options["runs"], options["plans"]
        self.stdout.write(
            f"{Startup.objects.published().count():,} published startups; investor {profile.slug}; "
            f"median of {self.runs} runs in ms; ratio = matches ÷ listing"
        )
        with transaction.atomic():
            for thesis in ("", THESIS):
                InvestorProfile.objects.filter(pk=profile.pk).update(thesis=thesis)
                self.measure(profile, thesis)
            transaction.set_rollback(True)
        self.spread(options["investors"])

    def spread(self, count):
        """Page 1 without filters for many investors (no thesis): how often full matches fill the page and
        how the statement compares with the plain listing."""
        investors = InvestorProfile.objects.filter(is_verified=True, thesis="").prefetch_related("topics", "hubs")
        published = Startup.objects.published()
        runs, self.runs = self.runs, max(5, self.runs // 3)
        listing_page = published.for_listing()[:PER_PAGE]
        ratios, filled = [], 0
        for investor in investors.order_by("pk")[:count]:
            listing, matches = self.time(listing_page, startup_match_page(published, investor, bottom=0, top=PER_PAGE))
            ratios.append(matches / listing)
            filled += full_matches_fill(published, investor, PER_PAGE)
        self.runs = runs
        if len(ratios) < 2:
            return
        quartiles = statistics.quantiles(ratios, n=4)
        self.stdout.write(
            f"\n## {len(ratios)} investors, no filter, no thesis (each timed in turns with the listing)\n"
            f"full matches fill page 1 for {filled} of them; matches ÷ listing: min {min(ratios):.1f}×, "
            f"quartiles {quartiles[0]:.1f}× / {quartiles[1]:.1f}× / {quartiles[2]:.1f}×, max {max(ratios):.1f}×"
        )

    def measure(self, profile, thesis):
        investor = InvestorProfile.objects.prefetch_related("topics", "hubs").get(pk=profile.pk)
        viewer = viewer_for(profile.user)
        self.stdout.write(f"\n## {'with' if thesis else 'without'} thesis\n")
        self.stdout.write(
            f"{'SQL statement of page 1':28} {'listing default':>15} {'listing funding':>16} "
            f"{'matches':>8} {'ratios':>14}"
        )
        for label, query in FILTERS:
            filtered = self.filtered(query, viewer)
            newest, funding, matches = self.time(
                filtered.for_listing()[:PER_PAGE],  # the default sort: newest, relevance for a search
                self.filtered(f"{query}&sort=funding", viewer).for_listing()[:PER_PAGE],
                startup_match_page(filtered, investor, bottom=0, top=PER_PAGE),  # as the match page runs it
            )
            if self.plans:
                self.plan(startup_match_page(filtered, investor, bottom=0, top=PER_PAGE))
            ratios = f"{matches / newest:5.1f}× / {matches / funding:3.1f}×"
            self.stdout.write(f"{label:28} {newest:15.1f} {funding:16.1f} {matches:8.1f} {ratios:>14}")
        self.pages(profile)

    @staticmethod
    def filtered(query, viewer):
        filterset = StartupFilterSet(QueryDict(query), queryset=Startup.objects.published(), viewer=viewer)
        if not filterset.is_valid():
            raise CommandError(f"Invalid filter {query!r}: {filterset.errors}")
        return filterset.qs

    def time(self, *querysets):
        """The median ms of each statement, run in turns so that the load of the machine weighs on all alike
        (two warm-up rounds are not counted)."""
        statements = [queryset.query.sql_with_params() for queryset in querysets]
        times = [[] for _ in statements]
        with connection.cursor() as cursor:
            for _ in range(self.runs + 2):
                for (sql, params), taken in zip(statements, times, strict=True):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    taken.append((time.perf_counter() - started) * 1000)
        return [statistics.median(taken[2:]) for taken in times]

    def plan(self, queryset):
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS OFF) " + sql, params)
            for (line,) in cursor.fetchall():
                self.stdout.write(f"      {line[:200]}")

    def pages(self, profile):
        self.stdout.write(f"\n{'whole page (test client)':28} {'directory':>15} {'matches':>16} {'ratio':>8}")
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
            client = Client()
            client.force_login(profile.user)
            for label, query in FILTERS:
                directory = self.page_time(client, f"/de/startups/?{query}")
                matches = self.page_time(client, f"/de/matching/startups/?{query}")
                self.stdout.write(f"{label:28} {directory:15.1f} {matches:16.1f} {matches / directory:7.1f}×")

    def page_time(self, client, url):
        times = []
        for _ in range(self.runs + 2):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        return statistics.median(times[2:])


def full_matches_fill(queryset, investor, size) -> bool:
    """Whether `size` startups of `queryset` meet every criterion of `investor` in full (the page needs no ranking)."""
    rows = annotate_startup_matches(queryset, investor)
    stated = {
        "match_topics": investor.topics.all(),
        "match_stage": investor.stage_list,
        "match_ticket": investor.ticket_min is not None or investor.ticket_max is not None,
        "match_hub": investor.hubs.all(),
    }
    rows = rows.filter(**{name: 1.0 for name, given in stated.items() if given})
    return rows[size - 1 : size].exists()
