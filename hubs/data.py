"""The real hubs, from the Digital Hub Initiative sources (shared/data/de-hubs.md).

Where the sources say nothing (websites, contact addresses, people) fields stay empty for agency
staff to fill in. Coordinates are those of the hub's (first) city, for the map.
"""

import datetime
from typing import Any

TOPICS = [
    # slug, German, English
    ("fintech", "FinTech", "FinTech"),
    ("iot", "Internet der Dinge", "Internet of Things"),
    ("logistics", "Logistik", "Logistics"),
    ("mobility", "Mobilität", "Mobility"),
    ("insurtech", "InsurTech", "InsurTech"),
    ("ai", "Künstliche Intelligenz", "Artificial Intelligence"),
    ("future-industries", "Future Industries", "Future Industries"),
    ("smart-systems", "Smart Systems", "Smart Systems"),
    ("energy", "Energie", "Energy"),
    ("chemistry", "Digitale Chemie", "Digital Chemistry"),
    ("health", "Digitale Gesundheit", "Digital Health"),
    ("media", "Medien (MediaTech)", "Media (MediaTech)"),
    ("cyber-security", "Cyber Security", "Cyber Security"),
    ("education", "Bildung", "Education"),
    ("smart-city", "Smart City", "Smart City"),
]

FIRST_ROUND = "Erste Runde, IT-Gipfel Saarbrücken (November 2016)"
SECOND_ROUND = "Zweite Runde (April 2017)"
DARMSTADT_ROUND = "April 2017, als Verstärkung des Hubs Frankfurt"
# The same rounds in English, keyed by the German text (also used by migration 0004).
ROUNDS_EN = {
    FIRST_ROUND: "First round, IT-Gipfel Saarbrücken (November 2016)",
    SECOND_ROUND: "Second round (April 2017)",
    DARMSTADT_ROUND: "April 2017, reinforcing the Frankfurt hub",
}
NOV_2016 = datetime.date(2016, 11, 1)
APR_2017 = datetime.date(2017, 4, 1)

HUBS: list[dict[str, Any]] = [
    {
        "slug": "berlin",
        "name": "Berlin",
        "cities": "Berlin",
        "states": ["BE"],
        "topics": ["iot", "fintech"],
        "focus_de": "Internet der Dinge und FinTech",
        "focus_en": "Internet of Things and FinTech",
        "selection_round": FIRST_ROUND,
        "selected_on": NOV_2016,
        "coords": (52.52000, 13.40500),
    },
    {
        "slug": "frankfurt",
        "name": "Frankfurt am Main",
        "cities": "Frankfurt am Main, Darmstadt",
        "states": ["HE"],
        "topics": ["fintech", "cyber-security"],
        "focus_de": "FinTech; Darmstadt verstärkt den Hub mit Cyber Security",
        "focus_en": "FinTech; Darmstadt reinforces the hub with Cyber Security",
        "selection_round": FIRST_ROUND,
        "selected_on": NOV_2016,
        "coords": (50.11092, 8.68213),
    },
    {
        "slug": "darmstadt",
        "name": "Darmstadt",
        "cities": "Darmstadt",
        "states": ["HE"],
        "topics": ["cyber-security"],
        "focus_de": "Cyber Security (verstärkt den FinTech-Hub Frankfurt)",
        "focus_en": "Cyber Security (reinforces the Frankfurt FinTech hub)",
        "selection_round": DARMSTADT_ROUND,
        "selected_on": APR_2017,
        "coords": (49.87282, 8.65119),
        "lead": "frankfurt",
    },
    {
        "slug": "hamburg",
        "name": "Hamburg",
        "cities": "Hamburg",
        "states": ["HH"],
        "topics": ["logistics"],
        "focus_de": "Logistik",
        "focus_en": "Logistics",
        "selection_round": FIRST_ROUND,
        "selected_on": NOV_2016,
        "coords": (53.55108, 9.99368),
    },
    {
        "slug": "dortmund",
        "name": "Dortmund",
        "cities": "Dortmund",
        "states": ["NW"],
        "topics": ["logistics"],
        "focus_de": "Logistik",
        "focus_en": "Logistics",
        "selection_round": FIRST_ROUND,
        "selected_on": NOV_2016,
        "coords": (51.51359, 7.46530),
    },
    {
        "slug": "muenchen",
        "name": "München",
        "cities": "München",
        "states": ["BY"],
        "topics": ["mobility"],
        "focus_de": "Mobilität",
        "focus_en": "Mobility",
        "selection_round": FIRST_ROUND,
        "selected_on": NOV_2016,
        "coords": (48.13743, 11.57549),
    },
    {
        "slug": "koeln",
        "name": "Köln",
        "cities": "Köln",
        "states": ["NW"],
        "topics": ["insurtech"],
        "focus_de": "InsurTech (Versicherungstechnik)",
        "focus_en": "InsurTech (insurance technology)",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (50.93753, 6.96028),
    },
    {
        "slug": "dresden-leipzig",
        "name": "Dresden / Leipzig",
        "cities": "Dresden, Leipzig",
        "states": ["SN"],
        "topics": ["smart-systems", "energy", "iot"],
        "focus_de": "Smart Systems: intelligente Systeme, Energie und Internet der Dinge",
        "focus_en": "Smart Systems: intelligent systems, energy and the Internet of Things",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (51.05089, 13.73832),
    },
    {
        "slug": "karlsruhe",
        "name": "Karlsruhe",
        "cities": "Karlsruhe",
        "states": ["BW"],
        "topics": ["ai"],
        "focus_de": "Künstliche Intelligenz",
        "focus_en": "Artificial Intelligence",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (49.00689, 8.40365),
    },
    {
        "slug": "stuttgart",
        "name": "Stuttgart",
        "cities": "Stuttgart",
        "states": ["BW"],
        "topics": ["future-industries"],
        "focus_de": "Future Industries",
        "focus_en": "Future Industries",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (48.77584, 9.18293),
    },
    {
        "slug": "ludwigshafen-mannheim",
        "name": "Ludwigshafen / Mannheim",
        "cities": "Ludwigshafen, Mannheim",
        "states": ["RP", "BW"],
        "topics": ["chemistry", "health"],
        "focus_de": "Digitale Chemie und Gesundheit",
        "focus_en": "Digital Chemistry and Health",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (49.48121, 8.44641),
    },
    {
        "slug": "potsdam",
        "name": "Potsdam",
        "cities": "Potsdam",
        "states": ["BB"],
        "topics": ["media"],
        "focus_de": "Medien (MediaTech)",
        "focus_en": "Media (MediaTech)",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (52.39064, 13.06447),
    },
    {
        "slug": "nuernberg-erlangen",
        "name": "Nürnberg / Erlangen",
        "cities": "Nürnberg, Erlangen",
        "states": ["BY"],
        "topics": ["health"],
        "focus_de": "Digitale Gesundheit",
        "focus_en": "Digital Health",
        "selection_round": SECOND_ROUND,
        "selected_on": APR_2017,
        "coords": (49.45203, 11.07675),
    },
]

# The twelve de:hubs of the initiative; Darmstadt is a partner location of Frankfurt.
NATIONAL_HUB_SLUGS = [h["slug"] for h in HUBS if "lead" not in h]

NETWORKS: list[dict[str, Any]] = [
    {
        "slug": "digital-hub-netzwerk-bw",
        "name": "Digital Hub-Netzwerk Baden-Württemberg",
        "coordinator": "DIZ GmbH",
        "states": ["BW"],
        "founded_on": datetime.date(2018, 10, 10),
        "expected_member_count": 13,
        "members": ["stuttgart", "karlsruhe", "ludwigshafen-mannheim"],
        "description_de": (
            "Netzwerk der zehn regionalen Digital Hubs (Digitalisierungszentren, prämiert auf dem "
            "Digitalgipfel 2018 im Rahmen der Initiative Wirtschaft 4.0) und der drei de:hubs des "
            "Landes. Die DIZ GmbH koordiniert es im Auftrag des Wirtschaftsministeriums "
            "Baden-Württemberg für drei Jahre. Das erste Netzwerktreffen (Kick-off) fand am "
            "10. Oktober 2018 im Wirtschaftsministerium in Stuttgart statt."
        ),
        "description_en": (
            "Network of the ten regional digital hubs (digitalisation centres awarded at the "
            "Digitalgipfel 2018 under the “Initiative Wirtschaft 4.0”) and the state's three "
            "de:hubs. DIZ GmbH coordinates it for three years on behalf of the Baden-Württemberg "
            "ministry of economic affairs. The first network meeting (kick-off) took place on "
            "10 October 2018 at the ministry in Stuttgart."
        ),
    }
]
