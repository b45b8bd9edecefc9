"""The real competitions of the sources (shared/data/de-hubs.md) as closed calls with their dates and results.

Dates known only to the day or month are stored at noon, Berlin time, and marked in `date_precision`, so the pages
show "15 March 2017" or "June 2017" and nothing more exact than the sources say. Names nobody published (the other
finalists of "Digitale Stadt") are left out; staff may add them.
"""

import datetime
import secrets
from zoneinfo import ZoneInfo

from django.db import migrations

BERLIN = ZoneInfo("Europe/Berlin")
MINISTRY = "Bundesministerium für Wirtschaft und Energie (BMWi)"


def noon(year, month, day=1):
    return datetime.datetime(year, month, day, 12, 0, tzinfo=BERLIN)


FIRST_ROUND_WINNERS = ["Berlin", "Dortmund", "Frankfurt am Main", "Hamburg", "München"]
SECOND_ROUND_WINNERS = [
    "Köln",
    "Dresden/Leipzig",
    "Karlsruhe",
    "Stuttgart",
    "Ludwigshafen/Mannheim",
    "Potsdam",
    "Nürnberg/Erlangen",
    "Darmstadt",
]

CALLS = [
    {
        "slug": "de-hub-staedtewettbewerb-runde-1",
        "title_de": "Digital Hub Initiative: Städtewettbewerb, erste Runde",
        "title_en": "Digital Hub Initiative: competition of cities, first round",
        "summary_de": "Der Wettbewerb des Bundeswirtschaftsministeriums, der die ersten fünf de:hubs auswählte.",
        "summary_en": "The Federal Ministry for Economic Affairs' competition that selected the first five de:hubs.",
        "description_de": (
            "Die Auswahl der de:hubs war selbst ein Wettbewerb der Städte (Städtewettbewerb des "
            "Bundeswirtschaftsministeriums). Die erste Runde wurde beim IT-Gipfel in Saarbrücken im November 2016 "
            "entschieden."
        ),
        "description_en": (
            "The selection of the de:hubs was itself a competition of cities, run by the Federal Ministry for Economic "
            "Affairs. The first round was decided at the IT-Gipfel in Saarbrücken in November 2016."
        ),
        "prize_de": "Aufnahme in die Digital Hub Initiative als de:hub",
        "prize_en": "Becoming a de:hub of the Digital Hub Initiative",
        "result_at": noon(2016, 11),
        "date_precision": {"result_at": "month"},
        "result_summary_de": (
            "Beim IT-Gipfel in Saarbrücken im November 2016 wurden die ersten fünf de:hubs benannt: Berlin, Dortmund, "
            "Frankfurt am Main, Hamburg und München."
        ),
        "result_summary_en": (
            "At the IT-Gipfel in Saarbrücken in November 2016 the first five de:hubs were named: Berlin, Dortmund, "
            "Frankfurt am Main, Hamburg and München."
        ),
        "winners": FIRST_ROUND_WINNERS,
        "others": [],
    },
    {
        "slug": "de-hub-staedtewettbewerb-runde-2",
        "title_de": "Digital Hub Initiative: Städtewettbewerb, zweite Runde",
        "title_en": "Digital Hub Initiative: competition of cities, second round",
        "summary_de": "Die zweite Runde des Städtewettbewerbs: sieben weitere de:hubs, dazu Darmstadt.",
        "summary_en": "The second round of the competition of cities: seven more de:hubs, and Darmstadt.",
        "description_de": (
            "In der zweiten Runde des Städtewettbewerbs des Bundeswirtschaftsministeriums wurden im April 2017 "
            "weitere de:hubs ausgewählt."
        ),
        "description_en": (
            "In the second round of the Federal Ministry for Economic Affairs' competition of cities more de:hubs "
            "were selected in April 2017."
        ),
        "prize_de": "Aufnahme in die Digital Hub Initiative als de:hub",
        "prize_en": "Becoming a de:hub of the Digital Hub Initiative",
        "result_at": noon(2017, 4),
        "date_precision": {"result_at": "month"},
        "result_summary_de": (
            "Im April 2017 gab Bundeswirtschaftsministerin Brigitte Zypries „unter erstklassigen Bewerbungen“ sieben "
            "weitere de:hubs bekannt: Köln, Dresden/Leipzig, Karlsruhe, Stuttgart, Ludwigshafen/Mannheim, Potsdam und "
            "Nürnberg/Erlangen. Darmstadt verstärkt seitdem den Hub Frankfurt mit Cyber Security."
        ),
        "result_summary_en": (
            "In April 2017 minister Brigitte Zypries announced, \u201camong first-class applications\u201d, seven more "
            "de:hubs: Köln, Dresden/Leipzig, Karlsruhe, Stuttgart, Ludwigshafen/Mannheim, Potsdam and "
            "Nürnberg/Erlangen. Darmstadt has since reinforced the Frankfurt hub with Cyber Security."
        ),
        "winners": SECOND_ROUND_WINNERS,
        "others": [],
    },
    {
        "slug": "digitale-stadt-2017",
        "organiser_name": "Bitkom und Deutscher Städte- und Gemeindebund",
        "title_de": "Wettbewerb „Digitale Stadt“",
        "title_en": "Competition \u201cDigitale Stadt\u201d (digital city)",
        "summary_de": "Bitkom und der Deutsche Städte- und Gemeindebund suchten die digitale Stadt.",
        "summary_en": "Bitkom and the Deutscher Städte- und Gemeindebund looked for the digital city.",
        "description_de": (
            "Städte bewarben sich bis zum 15. März 2017. Am 31. März 2017 wurden drei Finalisten bekanntgegeben, die "
            "ihre Konzepte bis zum 15. Mai 2017 ausarbeiteten. Kaiserslautern bewarb sich als einzige Stadt aus "
            "Rheinland-Pfalz."
        ),
        "description_en": (
            "Cities applied until 15 March 2017. Three finalists were announced on 31 March 2017 and refined their "
            "concepts until 15 May 2017. Kaiserslautern applied as the only city of Rheinland-Pfalz."
        ),
        "prize_de": (
            "Mehrere Millionen Euro an Förderung und Preisen aus der Industrie für Mobilität, Energie, Gesundheit "
            "und Bildung"
        ),
        "prize_en": "Several million euros of funding and prizes from industry for mobility, energy, health and education",
        "deadline": noon(2017, 3, 15),
        "finalists_at": noon(2017, 3, 31),
        "second_phase_deadline": noon(2017, 5, 15),
        "result_at": noon(2017, 6),
        "date_precision": {"deadline": "day", "finalists_at": "day", "second_phase_deadline": "day", "result_at": "month"},
        "result_summary_de": (
            "Drei Finalisten wurden am 31. März 2017 bekanntgegeben. Darmstadt gewann den Wettbewerb im Juni 2017."
        ),
        "result_summary_en": "Three finalists were announced on 31 March 2017. Darmstadt won the competition in June 2017.",
        "winners": ["Darmstadt"],
        "others": ["Kaiserslautern"],
    },
]


def create(apps, schema_editor):
    alias = schema_editor.connection.alias
    call_model = apps.get_model("calls", "Call")
    application_model = apps.get_model("calls", "Application")
    for entry in CALLS:
        entry = dict(entry)
        winners, others = entry.pop("winners"), entry.pop("others")
        entry.setdefault("organiser_name", MINISTRY)
        call, created = call_model.objects.using(alias).get_or_create(
            slug=entry.pop("slug"),
            defaults={**entry, "organiser": "other", "eligible": ["public"], "applications_enabled": False, "is_published": True},
        )
        if not created:
            continue
        decided = entry["result_at"]
        for name in winners + others:
            application_model.objects.using(alias).create(
                call=call,
                code=secrets.token_urlsafe(9),
                organisation_name=name,
                organisation_type="public",
                # The results are public record; a city that did not win is not named on the results page.
                publish_consent=name in winners,
                stage="winner" if name in winners else "not_selected",
                decided_at=decided,
            )


def remove(apps, schema_editor):
    alias = schema_editor.connection.alias
    slugs = [entry["slug"] for entry in CALLS]
    apps.get_model("calls", "Application").objects.using(alias).filter(call__slug__in=slugs, applicant__isnull=True).delete()
    apps.get_model("calls", "Call").objects.using(alias).filter(slug__in=slugs, applications__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("calls", "0002_staff_groups")]

    operations = [migrations.RunPython(create, remove)]
