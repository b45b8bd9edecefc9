"""Real past events from the sources (shared/data/de-hubs.md and the articles behind it).

Only what the sources say: where a time or an organiser is not known, the event keeps a date-only
or month-only date and no organiser.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from hubs.models import Topic

from .models import Event

BERLIN = ZoneInfo("Europe/Berlin")


def _day(year, month, day, end_day=None):
    start = datetime.datetime(year, month, day, tzinfo=BERLIN)
    end = datetime.datetime(year, month, end_day or day, 23, 59, tzinfo=BERLIN)
    return start, end


REAL_EVENTS = [
    {
        "slug": "it-gipfel-2016-saarbruecken",
        "title": "IT-Gipfel 2016 in Saarbrücken",
        "type": Event.Type.CONFERENCE,
        "when": (datetime.datetime(2016, 11, 1, tzinfo=BERLIN), datetime.datetime(2016, 11, 30, 23, 59, tzinfo=BERLIN)),
        "precision": Event.DatePrecision.MONTH,
        "venue_address": "Saarbrücken",
        "organiser": "",
        "topics": ["iot", "fintech", "logistics", "mobility"],
        "description_de": (
            "Auf dem IT-Gipfel in Saarbrücken wurden im November 2016 die ersten de:hubs der Digital Hub "
            "Initiative benannt: Berlin (Internet der Dinge und FinTech), Frankfurt am Main (FinTech), "
            "Hamburg und Dortmund (Logistik) sowie München (Mobilität). Der genaue Tag ist in unseren "
            "Quellen nicht festgehalten."
        ),
        "description_en": (
            "At the IT-Gipfel (IT summit) in Saarbrücken in November 2016 the first de:hubs of the Digital "
            "Hub Initiative were named: Berlin (Internet of Things and FinTech), Frankfurt am Main (FinTech), "
            "Hamburg and Dortmund (logistics) and Munich (mobility). The exact day is not recorded in our sources."
        ),
    },
    {
        "slug": "kick-off-digital-hub-netzwerk-bw-2018",
        "title": "Kick-off des Digital Hub-Netzwerks Baden-Württemberg",
        "type": Event.Type.NETWORK_MEETING,
        "when": _day(2018, 10, 10),
        "precision": Event.DatePrecision.DAY,
        "venue_name": "Wirtschaftsministerium Baden-Württemberg",
        "venue_address": "Stuttgart",
        "organiser": "DIZ GmbH im Auftrag des Wirtschaftsministeriums Baden-Württemberg",
        "topics": ["future-industries", "ai", "chemistry", "health"],
        "description_de": (
            "Erstes Netzwerktreffen der 13 baden-württembergischen Digital Hubs – der zehn regionalen "
            "Digitalisierungszentren und der drei de:hubs des Landes (Stuttgart, Karlsruhe, "
            "Mannheim/Ludwigshafen) – im Wirtschaftsministerium, koordiniert von der DIZ GmbH, während des "
            "new.New Festivals. Vorgestellt wurde die Roadmap der Vernetzungsstelle; die Vertreter der Hubs "
            "lernten sich kennen und brachten Anliegen und Wünsche in das Netzwerk ein."
        ),
        "description_en": (
            "First meeting of the 13 digital hubs of Baden-Württemberg – the ten regional digitalisation "
            "centres and the state's three de:hubs (Stuttgart, Karlsruhe, Mannheim/Ludwigshafen) – at the "
            "state's ministry of economic affairs, coordinated by DIZ GmbH, during the new.New Festival. The "
            "roadmap of the network office was presented; the hubs' representatives got to know each other "
            "and brought their concerns and wishes into the network."
        ),
    },
    {
        "slug": "new-new-festival-2018",
        "title": "new.New Festival 2018",
        "type": Event.Type.FESTIVAL,
        "when": _day(2018, 10, 10),
        "precision": Event.DatePrecision.DAY,
        "venue_address": "Stuttgart",
        "organiser": "",
        "topics": ["future-industries", "ai", "chemistry", "health"],
        "description_de": (
            "Festival in Stuttgart, auf dessen öffentlichem Bühnenprogramm sich die baden-württembergischen "
            "Hubs als Netzwerk vorstellten. In unseren Quellen ist nur der Auftakt am 10. Oktober 2018 "
            "festgehalten."
        ),
        "description_en": (
            "Festival in Stuttgart whose public stage programme featured the hubs of Baden-Württemberg "
            "presenting themselves as a network. Our sources only record its opening on 10 October 2018."
        ),
    },
]


@transaction.atomic
def events_load_real_data() -> int:
    """Creates the real past events once (by slug); later runs keep what staff changed. Returns new events."""
    created_count = 0
    for entry in REAL_EVENTS:
        starts_at, ends_at = entry["when"]
        event, created = Event.objects.get_or_create(
            slug=entry["slug"],
            defaults={
                "title": entry["title"],
                "type": entry["type"],
                "format": Event.Format.ON_SITE,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "date_precision": entry["precision"],
                "venue_name": entry.get("venue_name", ""),
                "venue_address": entry["venue_address"],
                "organiser": entry["organiser"],
                "organised_by_agency": False,
                "description_de": entry["description_de"],
                "description_en": entry["description_en"],
                "language": Event.Language.GERMAN,
                "registration_enabled": False,
                "status": Event.Status.PUBLISHED,
            },
        )
        if created:
            event.topics.set(Topic.objects.filter(slug__in=entry["topics"]))
            created_count += 1
    return created_count
