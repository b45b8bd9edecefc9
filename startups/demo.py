"""Demo startups and investors for `manage.py load_demo` (fictional companies; safe to run twice)."""

from django.db import transaction
from django.utils import timezone

from hubportal.users.demo import ensure_user
from hubportal.users.models import User
from hubs.models import Hub, Topic

from .models import InvestorProfile, Startup, StartupChange, StartupMembership
from .services import startup_update_search_vector

DEMO_NOTE = "\n\n(Fiktives Demo-Startup – alle Angaben sind erfunden.)"

# name, hub, city, topics, stage, business model, funding sought, status, pitch, description
STARTUPS = [
    (
        "Kontofluss",
        "berlin",
        "Berlin",
        ["fintech"],
        "seed",
        "b2b",
        1_500_000,
        "published",
        "Liquiditätsplanung für kleine Unternehmen in Echtzeit.",
        "Kontofluss verbindet Geschäftskonten und Buchhaltung und zeigt, wie viel Geld in sechs Wochen da ist.",
    ),
    (
        "Sensorwiese",
        "berlin",
        "Berlin",
        ["iot", "smart-city"],
        "pre_seed",
        "b2g",
        400_000,
        "published",
        "Funkende Bodensensoren für die Bewässerung städtischer Grünflächen.",
        "Grünflächenämter sparen Wasser, weil nur dort gegossen wird, wo der Boden wirklich trocken ist.",
    ),
    (
        "Frachtwerk Nord",
        "hamburg",
        "Hamburg",
        ["logistics"],
        "series_a",
        "b2b",
        6_000_000,
        "published",
        "Digitale Disposition für Containerumschlag im Hinterland.",
        "Speditionen planen Abholfenster am Terminal gemeinsam und vermeiden Wartezeiten an der Kaikante.",
    ),
    (
        "Palettenpilot",
        "dortmund",
        "Dortmund",
        ["logistics", "ai"],
        "seed",
        "b2b",
        2_000_000,
        "published",
        "KI-gestützte Lagerplatzvergabe für mittelständische Lager.",
        "Palettenpilot lernt aus Warenbewegungen und schlägt Lagerplätze vor, die Laufwege kürzen.",
    ),
    (
        "Netzlicht Energie",
        "dresden-leipzig",
        "Leipzig",
        ["energy", "smart-systems"],
        "series_a",
        "b2b",
        4_500_000,
        "published",
        "Steuerung von Wärmepumpen-Schwärmen für Stadtwerke.",
        "Stadtwerke nutzen viele kleine Wärmepumpen als flexible Last und entlasten so das Netz.",
    ),
    (
        "Chipgarten",
        "dresden-leipzig",
        "Dresden",
        ["iot", "smart-systems"],
        "idea",
        "b2b",
        None,
        "published",
        "Entwicklungsplattform für energiesparende Funkchips.",
        "Ein Baukasten aus Referenzdesigns und Testumgebung für Funkchips mit minimalem Stromverbrauch.",
    ),
    (
        "Tresorbit Security",
        "frankfurt",
        "Frankfurt am Main",
        ["cyber-security", "fintech"],
        "seed",
        "b2b",
        2_500_000,
        "published",
        "Angriffserkennung für Zahlungsverkehr in Banken.",
        "Tresorbit erkennt ungewöhnliche Zahlungsmuster, bevor das Geld das Haus verlässt.",
    ),
    (
        "Schlüsselbund Labs",
        "darmstadt",
        "Darmstadt",
        ["cyber-security"],
        "pre_seed",
        "b2b",
        600_000,
        "published",
        "Post-Quanten-Verschlüsselung als Bibliothek für Embedded-Geräte.",
        "Hersteller rüsten Geräte mit quantensicherer Kryptografie nach, ohne neue Hardware.",
    ),
    (
        "Spurwechsel Mobility",
        "muenchen",
        "München",
        ["mobility"],
        "series_b_plus",
        "b2b2c",
        15_000_000,
        "published",
        "Buchungsplattform für Pendel-Shuttles im Umland.",
        "Arbeitgeber und Kommunen bündeln Pendelwege zu Shuttles, die sich per App buchen lassen.",
    ),
    (
        "Ladepunktwerk",
        "muenchen",
        "München",
        ["mobility", "energy"],
        "seed",
        "b2b",
        3_000_000,
        "published",
        "Lastmanagement für Ladeparks von Flotten.",
        "Flottenbetreiber laden mehr Fahrzeuge am selben Netzanschluss.",
    ),
    (
        "Modellwerk KI",
        "karlsruhe",
        "Karlsruhe",
        ["ai"],
        "seed",
        "b2b",
        1_800_000,
        "published",
        "Qualitätsprüfung mit Bildverarbeitung für die Fertigung.",
        "Kameras an der Linie erkennen Fehler an Bauteilen, das Modell lernt mit wenigen Beispielen.",
    ),
    (
        "Sprachfeld",
        "karlsruhe",
        "Karlsruhe",
        ["ai", "education"],
        "pre_seed",
        "b2c",
        500_000,
        "published",
        "Sprachtraining mit KI-Gesprächspartnern für Berufseinsteiger.",
        "Übungsgespräche für Bewerbung und Berufsalltag, mit Rückmeldung zu Aussprache und Wortwahl.",
    ),
    (
        "Policenpuls",
        "koeln",
        "Köln",
        ["insurtech"],
        "series_a",
        "b2b2c",
        5_000_000,
        "published",
        "Schadenmeldung per Smartphone in drei Minuten.",
        "Versicherte melden Schäden mit Fotos, die Versicherung erhält einen geprüften, vollständigen Fall.",
    ),
    (
        "Tarifkompass",
        "koeln",
        "Köln",
        ["insurtech", "ai"],
        "seed",
        "b2c",
        1_200_000,
        "submitted",
        "Unabhängiger Versicherungscheck für Haushalte.",
        "Tarifkompass liest bestehende Policen aus und zeigt Lücken und doppelte Absicherungen.",
    ),
    (
        "Molekülmeister",
        "ludwigshafen-mannheim",
        "Ludwigshafen",
        ["chemistry", "ai"],
        "seed",
        "b2b",
        2_200_000,
        "published",
        "Simulation von Rezepturen für Spezialchemie.",
        "Labore testen weniger Varianten im Experiment, weil die Simulation die aussichtsreichen vorschlägt.",
    ),
    (
        "Pflegeblick",
        "ludwigshafen-mannheim",
        "Mannheim",
        ["health"],
        "pre_seed",
        "b2b",
        750_000,
        "published",
        "Dokumentation in der Pflege per Sprache.",
        "Pflegekräfte sprechen ihre Notizen ein, Pflegeblick strukturiert sie für die Pflegedokumentation.",
    ),
    (
        "Gelenkwerk Health",
        "nuernberg-erlangen",
        "Erlangen",
        ["health"],
        "series_a",
        "b2c",
        4_000_000,
        "published",
        "Digitale Reha nach Knieoperationen.",
        "Übungen mit Bewegungserkennung über die Handykamera, begleitet von Physiotherapeuten.",
    ),
    (
        "Bildwerk Studios",
        "potsdam",
        "Potsdam",
        ["media", "ai"],
        "seed",
        "b2b",
        1_000_000,
        "published",
        "Automatische Untertitel und Audiodeskription für Produktionen.",
        "Produktionsfirmen liefern barrierefreie Fassungen schneller und günstiger aus.",
    ),
    (
        "Werkstück 4.0",
        "stuttgart",
        "Stuttgart",
        ["future-industries", "iot"],
        "series_a",
        "b2b",
        7_000_000,
        "published",
        "Zustandsüberwachung für Werkzeugmaschinen im Mittelstand.",
        "Sensorik und Software melden Verschleiß, bevor eine Maschine ausfällt.",
    ),
    (
        "Fabrikfaden",
        "stuttgart",
        "Stuttgart",
        ["future-industries"],
        "idea",
        "b2b",
        None,
        "rejected",
        "Digitale Schichtübergabe für Produktionsteams.",
        "Eine App für die Übergabe zwischen Schichten.",
    ),
]

INVESTORS = [
    # email, first, last, organisation, type, verified, ticket min, max, stages, topics, hubs
    (
        "investor@hubportal.example",
        "Ines",
        "Investorin",
        "Demo Frühphasen Kapital",
        "vc",
        True,
        250_000,
        3_000_000,
        ["seed", "series_a"],
        ["logistics", "ai", "mobility"],
        ["hamburg", "dortmund", "muenchen"],
    ),
    (
        "angel@hubportal.example",
        "Bernd",
        "Beispiel",
        "",
        "business_angel",
        True,
        25_000,
        150_000,
        ["idea", "pre_seed"],
        ["health", "education"],
        ["nuernberg-erlangen"],
    ),
    (
        "cvc@hubportal.example",
        "Clara",
        "Konzern",
        "Demo Industrie Ventures",
        "cvc",
        True,
        1_000_000,
        10_000_000,
        ["series_a", "series_b_plus"],
        ["future-industries", "chemistry"],
        ["stuttgart"],
    ),
    (
        "fonds@hubportal.example",
        "Frank",
        "Förder",
        "Demo Landesförderfonds",
        "public_fund",
        True,
        100_000,
        2_000_000,
        ["pre_seed", "seed"],
        ["energy", "smart-systems", "iot"],
        ["dresden-leipzig"],
    ),
    (
        "pending@hubportal.example",
        "Paula",
        "Prüfung",
        "Demo Family Office",
        "family_office",
        False,
        500_000,
        5_000_000,
        ["growth"],
        ["fintech"],
        ["berlin", "frankfurt"],
    ),
]


def load_demo(*, password, stdout):
    """Creates the demo startups, their founders and the demo investors once."""
    with transaction.atomic():
        founder = ensure_user(
            email="founder@hubportal.example",
            first_name="Fiona",
            last_name="Gründerin",
            account_type=User.AccountType.STARTUP,
            password=password,
        )
        hubs = {hub.slug: hub for hub in Hub.objects.all()}
        topics = {topic.slug: topic for topic in Topic.objects.all()}
        staff = User.objects.filter(is_staff=True).order_by("pk").first()
        created = []
        for index, row in enumerate(STARTUPS):
            name, hub, city, topic_slugs, stage, model, funding, status, pitch, description = row
            slug = name.lower().replace(" ", "-").replace(".", "-").replace("ü", "ue").replace("ö", "oe")
            if Startup.objects.filter(slug=slug).exists():
                continue
            owner = (
                founder
                if index in (0, 19)
                else ensure_user(
                    email=f"team{index}@hubportal.example",
                    first_name="Demo",
                    last_name=f"Team {index}",
                    account_type=User.AccountType.STARTUP,
                    password=password,
                )
            )
            now = timezone.now()
            startup = Startup.objects.create(
                name=name,
                slug=slug,
                pitch=pitch,
                description=description + DEMO_NOTE,
                website=f"https://{slug}.example",
                founded_year=2016 + index % 9,
                team_size=3 + (index * 7) % 60,
                stage=stage,
                business_model=model,
                hub=hubs.get(hub),
                city=city,
                seeking_funding=funding is not None,
                funding_sought=funding,
                current_round="Seed-Runde" if stage == "seed" else "",
                contact_email=f"hallo@{slug}.example",
                funding_visibility="public" if index % 3 == 0 else "investors",
                company_visibility="investors" if index % 5 == 4 else "public",
                status=status,
                submitted_at=now if status != "draft" else None,
                published_at=now if status == "published" else None,
                rejection_reason="Bitte beschreiben Sie Ihr Produkt genauer." if status == "rejected" else "",
            )
            startup.topics.set([topics[s] for s in topic_slugs if s in topics])
            StartupMembership.objects.create(startup=startup, user=owner, role=StartupMembership.Role.OWNER)
            StartupChange.objects.create(startup=startup, user=owner, action=StartupChange.Action.CREATED)
            if status == "published":
                StartupChange.objects.create(startup=startup, user=staff, action=StartupChange.Action.PUBLISHED)
            created.append(startup.pk)
        startup_update_search_vector(startup_ids=created)

        for email, first, last, organisation, kind, verified, low, high, stages, topic_slugs, hub_slugs in INVESTORS:
            user = ensure_user(
                email=email, first_name=first, last_name=last, account_type=User.AccountType.INVESTOR, password=password
            )
            if InvestorProfile.objects.filter(user=user).exists():
                continue
            profile = InvestorProfile.objects.create(
                user=user,
                slug=email.split("@")[0] + "-demo",
                investor_type=kind,
                organisation=organisation,
                thesis="Wir investieren in digitale Geschäftsmodelle aus den de:hubs. (Fiktives Demo-Profil.)",
                ticket_min=low,
                ticket_max=high,
                stages=InvestorProfile.pack_stages(stages),
                website="https://investor.example",
                is_verified=verified,
                verified_at=timezone.now() if verified else None,
                verified_by=staff if verified else None,
            )
            profile.topics.set([topics[s] for s in topic_slugs if s in topics])
            profile.hubs.set([hubs[s] for s in hub_slugs if s in hubs])
    stdout.write(
        "Demo startups: founder@hubportal.example (startup), investor@hubportal.example (verified investor), "
        "pending@hubportal.example (unverified investor)"
    )
