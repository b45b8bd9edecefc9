"""Demo events for `manage.py load_demo`: the real past events plus clearly marked demo events."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from hubportal.users.demo import ensure_user
from hubportal.users.models import User
from hubs.models import Hub, Topic

from .data import events_load_real_data
from .models import AgendaItem, Event, Registration, Speaker

BERLIN = ZoneInfo("Europe/Berlin")

DEMO_EVENTS = [
    # slug, title, hub, topics, days ahead, start hour, hours, type, format, capacity, extra
    (
        "demo-fintech-pitch-night",
        "[Demo] FinTech Pitch Night",
        "frankfurt",
        ["fintech"],
        12,
        18,
        3,
        Event.Type.PITCH_NIGHT,
        Event.Format.ON_SITE,
        40,
        {},
    ),
    (
        "demo-webinar-ki-mittelstand",
        "[Demo] Webinar: KI im Mittelstand",
        "karlsruhe",
        ["ai"],
        5,
        10,
        1,
        Event.Type.WEBINAR,
        Event.Format.ONLINE,
        None,
        {"online_url": "https://meet.example.org/demo-ki"},
    ),
    (
        "demo-logistik-meetup",
        "[Demo] Logistik-Meetup",
        "hamburg",
        ["logistics"],
        20,
        17,
        2,
        Event.Type.MEETUP,
        Event.Format.ON_SITE,
        2,
        {},
    ),
    (
        "demo-smart-city-workshop",
        "[Demo] Workshop Smart City",
        None,
        ["smart-city", "mobility"],
        30,
        9,
        7,
        Event.Type.WORKSHOP,
        Event.Format.HYBRID,
        25,
        {"online_url": "https://meet.example.org/demo-smart-city", "language": Event.Language.BOTH},
    ),
    (
        "demo-hub-netzwerktreffen",
        "[Demo] Netzwerktreffen der Hub-Manager (nur mit Einladung)",
        None,
        [],
        40,
        13,
        4,
        Event.Type.NETWORK_MEETING,
        Event.Format.ON_SITE,
        30,
        {"visibility": Event.Visibility.INVITE_ONLY},
    ),
    (
        "demo-health-barcamp",
        "[Demo] Digital Health Barcamp (Entwurf)",
        "nuernberg-erlangen",
        ["health"],
        60,
        10,
        6,
        Event.Type.WORKSHOP,
        Event.Format.ON_SITE,
        60,
        {"status": Event.Status.DRAFT},
    ),
]

DEMO_ATTENDEES = [
    ("teilnehmerin1@hubportal.example", "Demo", "Teilnehmerin Eins"),
    ("teilnehmer2@hubportal.example", "Demo", "Teilnehmer Zwei"),
    ("teilnehmerin3@hubportal.example", "Demo", "Teilnehmerin Drei"),
]


def _demo_event(slug, title, hub_slug, topic_slugs, days, hour, hours, type_, format_, capacity, extra):
    day = timezone.localdate() + timedelta(days=days)
    starts_at = datetime.combine(day, time(hour), tzinfo=BERLIN)
    defaults = {
        "title": title,
        "hub": Hub.objects.filter(slug=hub_slug).first() if hub_slug else None,
        "type": type_,
        "format": format_,
        "starts_at": starts_at,
        "ends_at": starts_at + timedelta(hours=hours),
        "capacity": capacity,
        "venue_name": "" if format_ == Event.Format.ONLINE else "Demo-Veranstaltungsort",
        "description_de": "Eine Demo-Veranstaltung zum Ausprobieren des Portals. Sie findet nicht wirklich statt.",
        "description_en": "A demo event for trying out the portal. It does not really take place.",
        "status": Event.Status.PUBLISHED,
        **extra,
    }
    event, created = Event.objects.get_or_create(slug=slug, defaults=defaults)
    if created:
        event.topics.set(Topic.objects.filter(slug__in=topic_slugs))
        if type_ == Event.Type.PITCH_NIGHT:
            speaker, _ = Speaker.objects.get_or_create(
                name="Demo-Moderatorin",
                defaults={"organisation": "Demo-Organisation", "bio_de": "Eine erfundene Person."},
            )
            welcome = AgendaItem.objects.create(event=event, starts_at=starts_at, title="Begrüßung", room="Bühne")
            welcome.speakers.add(speaker)
            AgendaItem.objects.create(
                event=event,
                starts_at=starts_at + timedelta(minutes=15),
                ends_at=starts_at + timedelta(hours=2),
                title="Pitches: fünf Demo-Startups",
                room="Bühne",
            )
            AgendaItem.objects.create(event=event, starts_at=starts_at + timedelta(hours=2), title="Networking")
    return event


def load_demo(*, password, stdout):
    """Real past events and demo events; running it twice changes nothing."""
    events_load_real_data()
    events = {entry[0]: _demo_event(*entry) for entry in DEMO_EVENTS}
    attendees = [
        ensure_user(
            email=email, first_name=first, last_name=last, account_type=User.AccountType.STARTUP, password=password
        )
        for email, first, last in DEMO_ATTENDEES
    ]
    meetup = events["demo-logistik-meetup"]
    if not Registration.objects.filter(event=meetup).exists():
        # Written directly (no mails to made-up addresses): capacity 2, so the third waits.
        now = timezone.now()
        for index, attendee in enumerate(attendees):
            confirmed = index < meetup.capacity
            Registration.objects.create(
                event=meetup,
                user=attendee,
                name=attendee.get_full_name(),
                email=attendee.email,
                email_confirmed_at=now,
                status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITLISTED,
                confirmed_at=now if confirmed else None,
                waitlist_position=None if confirmed else index - meetup.capacity + 1,
            )
    stdout.write("Demo events loaded; demo attendees: " + ", ".join(a.email for a in attendees))
