"""Demo introductions and saved searches for `manage.py load_demo` (after the startups demo; safe to run twice)."""

from django.db import transaction

from hubportal.users.models import User
from startups.models import InvestorProfile, Startup, StartupMembership

from . import services
from .models import Introduction, SavedSearch

# investor's email, startup slug, who asks ("investor" or the email of the startup's team member), answer
INTRODUCTIONS = [
    ("investor@hubportal.example", "kontofluss", "investor", "accepted"),
    ("investor@hubportal.example", "palettenpilot", "investor", "pending"),
    ("investor@hubportal.example", "frachtwerk-nord", "team2@hubportal.example", "pending"),
    ("investor@hubportal.example", "modellwerk-ki", "investor", "declined"),
    ("fonds@hubportal.example", "kontofluss", "founder@hubportal.example", "pending"),
]
MESSAGES = {
    "investor": "Guten Tag, Ihr Geschäftsmodell passt zu unserem Fokus. Hätten Sie Zeit für ein erstes Gespräch? "
    "(Demo-Anfrage)",
    "startup": "Guten Tag, wir suchen für unsere nächste Runde Investoren mit Ihrem Fokus und würden uns gern "
    "vorstellen. (Demo-Anfrage)",
}
DECLINE_REASON = "Wir sind für diese Runde bereits ausfinanziert. (Demo-Antwort)"

# email, name, kind, query string, digest frequency
SAVED_SEARCHES = [
    (
        "investor@hubportal.example",
        "KI und Logistik, Seed",
        "startups",
        "topic=ai&topic=logistics&stage=seed",
        "weekly",
    ),
    ("founder@hubportal.example", "Investoren für die Seed-Phase", "investors", "stage=seed", "daily"),
    ("founder@hubportal.example", "Fintech-Startups in Berlin", "startups", "topic=fintech&hub=berlin", "never"),
]


def _owner(startup: Startup) -> User:
    return StartupMembership.objects.select_related("user").get(startup=startup, role="owner").user


def load_demo(*, password, stdout):
    """Creates the demo introductions (pending both ways, accepted, declined) and saved searches once."""
    users = {user.email: user for user in User.objects.filter(email__endswith="@hubportal.example")}
    investors = {p.user.email: p for p in InvestorProfile.objects.verified().select_related("user")}
    startups = {s.slug: s for s in Startup.objects.published().filter(slug__in=[row[1] for row in INTRODUCTIONS])}
    made = 0
    with transaction.atomic():
        for email, slug, asker, answer in INTRODUCTIONS:
            investor, startup = investors.get(email), startups.get(slug)
            if investor is None or startup is None:
                continue  # the startups demo was not loaded, or its data changed
            if Introduction.objects.filter(startup=startup, investor=investor).exists():
                continue
            by_investor = asker == "investor"
            requester = investor.user if by_investor else users[asker]
            introduction = services.intro_request(
                user=requester,
                startup=startup,
                investor=investor,
                message=MESSAGES["investor" if by_investor else "startup"],
            )
            answerer = _owner(startup) if by_investor else investor.user
            if answer == "accepted":
                services.intro_accept(introduction=introduction, user=answerer)
            elif answer == "declined":
                services.intro_decline(introduction=introduction, user=answerer, reason=DECLINE_REASON)
            made += 1
        for email, name, kind, querystring, frequency in SAVED_SEARCHES:
            if email in users:
                SavedSearch.objects.get_or_create(
                    user=users[email],
                    name=name,
                    defaults={"kind": kind, "querystring": querystring, "frequency": frequency},
                )
    stdout.write(f"Demo introductions: {made} new; saved searches for investor@ and founder@hubportal.example")
