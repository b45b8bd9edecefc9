"""Demo startups and investors for `manage.py load_demo` (fictional companies; safe to run twice)."""

from django.db import transaction
from django.utils import timezone

from hubportal.activity.services import activity_record
from hubportal.users.demo import ensure_user
from hubportal.users.models import User
from hubs.models import Hub, Topic

from . import activity
from .demo_data import DEMO_NOTE, INVESTORS, STARTUPS
from .models import InvestorProfile, Startup, StartupMembership
from .services import startup_update_search_vector


def _load_startups(*, founder, password, hubs, topics, staff):
    """The demo startups, each with its owner (the demo founder owns two) and its history."""
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
        activity_record(actor=owner, action_code=activity.CREATED, target=startup)
        if status == "published":
            activity_record(actor=staff, action_code=activity.PUBLISHED, target=startup)
        created.append(startup.pk)
    startup_update_search_vector(startup_ids=created)


def _load_investors(*, password, hubs, topics, staff):
    """The demo investors: verified ones, and one waiting for verification."""
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
            stages=stages,
            website="https://investor.example",
            is_verified=verified,
            verified_at=timezone.now() if verified else None,
            verified_by=staff if verified else None,
        )
        profile.topics.set([topics[s] for s in topic_slugs if s in topics])
        profile.hubs.set([hubs[s] for s in hub_slugs if s in hubs])


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
        _load_startups(founder=founder, password=password, hubs=hubs, topics=topics, staff=staff)
        _load_investors(password=password, hubs=hubs, topics=topics, staff=staff)
    stdout.write(
        "Demo startups: founder@hubportal.example (startup), investor@hubportal.example (verified investor), "
        "pending@hubportal.example (unverified investor)"
    )
