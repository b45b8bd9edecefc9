"""`make bench`: seeds PostgreSQL with 100,000 startups and 5,000 investors and measures the directory."""

import random
import statistics
import time
from importlib import import_module

import psycopg
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.http import HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone

BIG_TABLES = ("startups_startup", "startups_startup_topics", "startups_investorprofile", "users_user")

CASES = [
    ("all, page 1", ""),
    ("all, last page (50)", "page=50"),
    ("topic ai", "topic=ai"),
    ("2 topics + hub", "topic=ai&topic=fintech&hub=berlin"),
    ("stage seed + seeking funding", "stage=seed&stage=pre_seed&seeking_funding=true"),
    ("search 'Logistik'", "q=Logistik"),
    ("search 'Energiesystem' + topic + relevance", "q=Energiesystem&topic=energy&sort=relevance"),
    ("search two words", "q=Sensornetz+Pflegeapp"),
    ("funding range, sort funding", "funding_min=500000&funding_max=2000000&sort=funding"),
    ("sort name, page 50", "sort=name&page=50"),
    ("city Leipzig", "city=Leipzig"),
    ("team size + founded", "team_min=10&founded_min=2018"),
    ("hub + stage + business model", "hub=hamburg&stage=series_a&business_model=b2b"),
]

WORDS = [
    "Plattform",
    "Logistik",
    "Software",
    "Daten",
    "Analyse",
    "Energie",
    "Netz",
    "Sensor",
    "Cloud",
    "Sicherheit",
    "Zahlung",
    "Versicherung",
    "Gesundheit",
    "Mobilität",
    "Fertigung",
    "Chemie",
    "Medien",
    "Bildung",
    "Stadt",
    "Verkehr",
    "Lager",
    "Flotte",
    "Kunden",
    "Handel",
    "Automatisierung",
    "Prognose",
    "Wartung",
    "Roboter",
    "Vertrag",
    "Abrechnung",
    "Pflege",
    "Diagnose",
    "Lernen",
    "Video",
    "Sprache",
    "Wasser",
    "Wärme",
    "Strom",
    "Batterie",
    "Laden",
]
# A vocabulary of ~1,000 words, so that one search word matches a few per cent of the startups.
VOCABULARY = [
    f"{stem}{suffix}"
    for stem in WORDS
    for suffix in (
        "",
        "s",
        "en",
        "ung",
        "lösung",
        "technik",
        "dienst",
        "system",
        "portal",
        "analyse",
        "netz",
        "markt",
        "modul",
        "check",
        "plan",
        "werk",
        "box",
        "hub",
        "app",
        "kit",
        "labor",
        "daten",
        "cloud",
        "kompass",
        "pilot",
    )
]  # noqa: E501
SYLLABLES = "al be co da el fi ga ho in ka lo mi no pa qu ri sa to un va we xa zo".split()  # noqa: SIM905


def bare_view(request):
    return HttpResponse("ok")


def bench_urlconf():
    """The portal's URLs plus a bare view that goes through the same middleware."""
    portal = import_module(settings.ROOT_URLCONF)

    class BenchUrls:
        urlpatterns = [path("bench-bare/", bare_view), *portal.urlpatterns]

    return BenchUrls


class Command(BaseCommand):
    help = "Seeds the benchmark database with 100k startups and measures the directory."

    def add_arguments(self, parser):
        parser.add_argument("--startups", type=int, default=100_000)
        parser.add_argument("--investors", type=int, default=5_000)
        parser.add_argument("--runs", type=int, default=15)
        parser.add_argument("--reseed", action="store_true", help="Drop the seeded rows and seed again.")
        parser.add_argument("--no-plans", action="store_true", help="Print the figures without the EXPLAIN plans.")

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        if "bench" not in db["NAME"]:
            raise CommandError("Refusing to seed a database whose name does not contain 'bench'.")
        self.show_plans = not options["no_plans"]
        self.ensure_database(db)
        call_command("migrate", verbosity=0, interactive=False)
        from startups.models import Startup

        if options["reseed"] or Startup.objects.count() < options["startups"]:
            started = time.perf_counter()
            self.seed(options["startups"], options["investors"])
            self.stdout.write(self.style.SUCCESS(f"Seeded in {time.perf_counter() - started:.1f} s"))
        else:
            self.stdout.write("Using the existing seed (pass --reseed to seed again).")
        self.measure(options["runs"])

    def ensure_database(self, db):
        params = {"host": db.get("HOST") or None, "port": db.get("PORT") or None, "user": db.get("USER") or None}
        if db.get("PASSWORD"):
            params["password"] = db["PASSWORD"]
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]).fetchone()
            if not exists:
                conn.execute(f'CREATE DATABASE "{db["NAME"]}"')
                self.stdout.write(f"Created database {db['NAME']}")

    # --- seeding ---------------------------------------------------------------------------

    def seed(self, n_startups: int, n_investors: int):
        from hubportal.users.models import User
        from hubs.models import Hub, Topic
        from hubs.services import hubs_load_real_data
        from startups.models import InvestorProfile, Stage, Startup
        from startups.services import (
            investor_update_search_vector,
            startup_refresh_topic_ids,
            startup_update_search_vector,
        )

        rng = random.Random(42)  # noqa: S311 - reproducible fake data
        self.started = time.perf_counter()
        hubs_load_real_data()
        with connection.cursor() as cursor:
            # A throwaway database: skip the per-row cascade of Django's delete (CASCADE empties the tables that
            # refer to these: advice requests, introductions, saved searches), and do not wait for fsync.
            cursor.execute("SET synchronous_commit = off")
            cursor.execute(
                "TRUNCATE startups_startup, startups_startup_topics, startups_startupmembership, "
                "startups_startupchange, startups_startupinvitation, startups_bookmark, startups_investorprofile, "
                "startups_investorprofile_topics, startups_investorprofile_hubs RESTART IDENTITY CASCADE"
            )
        User.objects.filter(email__endswith="@bench.example").delete()
        hubs = list(Hub.objects.prefetch_related("focus_topics"))
        topics = list(Topic.objects.all())
        topic_ids = [t.pk for t in topics]
        focus_of = {hub.pk: [t.pk for t in hub.focus_topics.all()] for hub in hubs}
        # Berlin, München and Hamburg get more startups, as in reality.
        weights = [{"berlin": 6, "muenchen": 4, "hamburg": 3}.get(h.slug, 1) for h in hubs]
        stages = [s.value for s in Stage]
        stage_weights = [10, 20, 30, 20, 10, 10]
        statuses = ["published"] * 90 + ["draft"] * 5 + ["submitted"] * 3 + ["rejected"] * 2
        now = timezone.now()
        columns = [
            "id", "name", "slug", "logo", "pitch", "description", "website", "founded_year", "team_size", "stage",
            "business_model", "hub_id", "city", "seeking_funding", "funding_sought", "current_round", "contact_email",
            "company_visibility", "funding_visibility", "status", "rejection_reason", "submitted_at", "published_at",
            "created_at", "updated_at",
        ]  # fmt: skip
        # COPY is the bulk path for the two big tables: bulk_create spends ~3 s per 5,000 rows building SQL.
        with connection.cursor() as cursor:
            with cursor.copy(f"COPY startups_startup ({', '.join(columns)}) FROM STDIN") as copy:
                topic_rows: list[tuple[int, int]] = []
                for i in range(n_startups):
                    pk = i + 1
                    hub = rng.choices(hubs, weights)[0]
                    status = rng.choice(statuses)
                    funding = rng.choice([None, 50_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000, 20_000_000])
                    moment = now - timezone.timedelta(minutes=i)  # type: ignore[attr-defined]  # re-exported by Django
                    copy.write_row(
                        (
                            pk,
                            "".join(rng.choices(SYLLABLES, k=3)).capitalize() + f" {rng.choice(WORDS)} {i}",
                            f"bench-{i}",
                            "",
                            " ".join(rng.choices(VOCABULARY, k=8)),
                            " ".join(rng.choices(VOCABULARY, k=30)),
                            "",
                            rng.randint(2008, 2025),
                            rng.randint(1, 250),
                            rng.choices(stages, stage_weights)[0],
                            rng.choice(["b2b", "b2b", "b2c", "b2b2c", "b2g"]),
                            hub.pk,
                            rng.choice(hub.city_list or ["Berlin"]),
                            funding is not None,
                            funding,
                            "",
                            "",
                            rng.choice(["public", "public", "public", "investors"]),
                            rng.choice(["public", "investors", "investors", "introduction"]),
                            status,
                            "",
                            moment if status != "draft" else None,
                            moment if status == "published" else None,
                            moment,
                            moment,
                        )
                    )
                    focus = focus_of[hub.pk]
                    chosen = set(rng.sample(focus, 1) if focus and rng.random() < 0.7 else [])
                    chosen.update(rng.sample(topic_ids, rng.randint(0, 2)))
                    topic_rows.extend((pk, topic) for topic in (chosen or {rng.choice(topic_ids)}))
            with cursor.copy("COPY startups_startup_topics (startup_id, topic_id) FROM STDIN") as copy:
                for row in topic_rows:
                    copy.write_row(row)
            cursor.execute("SELECT setval(pg_get_serial_sequence('startups_startup', 'id'), %s)", [n_startups])
        self.stdout.write(f"  {n_startups:,} startups inserted after {time.perf_counter() - self.started:.1f} s")
        # Filling the vectors and topic ids with the GIN indexes in place costs far more than rebuilding them after.
        gin_indexes = [index for index in Startup._meta.indexes if isinstance(index, GinIndex)]
        with connection.cursor() as cursor:
            for index in gin_indexes:
                cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        startup_update_search_vector()  # both vectors in one UPDATE
        startup_refresh_topic_ids()  # the COPY above bypassed the signal that keeps topic_ids
        with connection.schema_editor() as editor:
            for index in gin_indexes:
                editor.add_index(Startup, index)
        self.stdout.write(f"  search vectors and GIN index after {time.perf_counter() - self.started:.1f} s")
        users = User.objects.bulk_create(
            [
                User(email=f"investor{i}@bench.example", password="!", account_type="investor")  # noqa: S106
                for i in range(n_investors)
            ],
            batch_size=5000,
        )
        investors = InvestorProfile.objects.bulk_create(
            [
                InvestorProfile(
                    user=user,
                    slug=f"bench-investor-{i}",
                    investor_type=rng.choice(InvestorProfile.Type.values),
                    organisation=f"Bench Capital {i}",
                    ticket_min=(low := rng.choice([25_000, 100_000, 500_000, 1_000_000])),
                    ticket_max=low * rng.choice([2, 5, 10]),
                    stages=rng.sample(stages, 2),
                    is_verified=rng.random() < 0.8,
                )
                for i, user in enumerate(users)
            ],
            batch_size=5000,
        )
        InvTopics = InvestorProfile.topics.through
        InvTopics.objects.bulk_create(
            [InvTopics(investorprofile_id=p.pk, topic_id=t.pk) for p in investors for t in rng.sample(topics, 3)],
            batch_size=10_000,
        )
        investor_update_search_vector()  # bulk_create sends no post_save
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # the visibility map lets the match ranking scan its index only

    # --- measuring -------------------------------------------------------------------------

    def measure(self, runs: int):
        from startups.models import InvestorProfile

        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        with override_settings(ROOT_URLCONF=bench_urlconf(), ALLOWED_HOSTS=["*"], DEBUG=False, STORAGES=storages):
            anonymous = Client()
            investor = Client()
            profile = InvestorProfile.objects.filter(is_verified=True).select_related("user").first()
            if profile:
                investor.force_login(profile.user)
            base = "/de/startups/"
            self.stdout.write(f"\n{'case':45} {'median ms':>10} {'p95 ms':>8} {'queries':>8}  seq scans")
            self.report("bare view (reference)", anonymous, "/bench-bare/", runs, explain=False)
            for label, query in CASES:
                self.report(label, anonymous, f"{base}?{query}", runs)
            self.report("verified investor: sort funding", investor, f"{base}?sort=funding&stage=seed", runs)
            self.report(
                "verified investor: CSV export, topic ai", investor, f"{base}export.csv?topic=ai", max(3, runs // 3)
            )

    def report(self, label, client, url, runs, explain=True):
        # getvalue() reads a streamed response (the CSV export) to its end: only then has every row been produced.
        for _ in range(2):
            client.get(url).getvalue()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url)
            response.getvalue()
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}")
        with CaptureQueriesContext(connection) as queries:
            client.get(url).getvalue()
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        plans = self.explain(queries.captured_queries) if explain else []
        seq = sorted({table for _sql, _plan, tables in plans for table in tables})
        flag = ("SEQ SCAN: " + ", ".join(seq)) if seq else "–"
        self.stdout.write(f"{label:45} {statistics.median(times):10.1f} {p95:8.1f} {len(queries):8}  {flag}")
        if self.show_plans:
            for sql, plan, _tables in plans:
                self.stdout.write(f"    SQL: {sql[:300]}")
                for line in plan:
                    self.stdout.write(f"      {line}")

    def explain(self, captured):
        results = []
        for query in captured:
            sql = query["sql"]
            if "startups_" not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            tables = {table for line in plan for table in BIG_TABLES if "Seq Scan on " + table + " " in line + " "}
            results.append((sql, plan, tables))
        return results
