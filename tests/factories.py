"""factory_boy factories for every model; one section per app."""

import datetime

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from events.models import AgendaItem, Event, Registration, Speaker
from hubportal.users.models import User
from hubs.models import Hub, HubNetwork, Topic
from matching.models import Introduction, SavedSearch
from startups.models import Bookmark, InvestorProfile, Startup, StartupMembership

# --- users ------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("correct-horse-battery")
    language = "de"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Users have a verified primary address unless `verified=False` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


# --- hubs -------------------------------------------------------------------------------------


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name_de = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Topic {n}")


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"hub-{n}")
    name = factory.Sequence(lambda n: f"Hub {n}")
    cities = "Musterstadt"
    states = "BE"
    focus_de = "Testfokus"
    focus_en = "Test focus"
    latitude = 52.5
    longitude = 13.4

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.focus_topics.set(extracted)


class HubNetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubNetwork

    slug = factory.Sequence(lambda n: f"network-{n}")
    name = factory.Sequence(lambda n: f"Netzwerk {n}")


# --- events -----------------------------------------------------------------------------------


class EventFactory(factory.django.DjangoModelFactory):
    """A published public event next week, two hours long, unlimited seats unless `capacity` is given."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Veranstaltung {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=2))
    status = Event.Status.PUBLISHED
    venue_name = "Testort"
    description_de = "Beschreibung"
    description_en = "Description"

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Sprecherin {n}")
    organisation = "Testorganisation"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    title = factory.Sequence(lambda n: f"Programmpunkt {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration written directly (tests of the rules use the services instead)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    name = factory.LazyAttribute(lambda o: o.user.get_full_name() if o.user else "Gast")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "gast@example.org")
    status = Registration.Status.CONFIRMED


# --- startups ---------------------------------------------------------------------------------


class StartupFactory(factory.django.DjangoModelFactory):
    """A published startup with an owner (pass `owner=user`, `status=…`, `topics=[…]`)."""

    class Meta:
        model = Startup
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Teststartup {n}")
    slug = factory.Sequence(lambda n: f"teststartup-{n}")
    pitch = "Wir machen Logistik digital."
    description = "Eine ausführliche Beschreibung."
    website = "https://startup.example.org"
    founded_year = 2021
    team_size = 8
    stage = Startup.Stage.SEED
    business_model = Startup.BusinessModel.B2B
    hub = factory.SubFactory(HubFactory)
    city = "Berlin"
    seeking_funding = True
    funding_sought = 500_000
    current_round = "Seed"
    contact_email = factory.Sequence(lambda n: f"hello{n}@startup.example.org")
    status = Startup.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create:
            StartupMembership.objects.create(
                startup=obj, user=extracted or UserFactory(account_type="startup"), role=StartupMembership.Role.OWNER
            )

    @factory.post_generation
    def topics(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.topics.set(extracted)

    @factory.post_generation
    def search_vector(obj, create, extracted, **kwargs):
        """Fills the full-text vector as the services do."""
        if create:
            from startups.services import startup_update_search_vector

            startup_update_search_vector(startup_ids=[obj.pk])


class InvestorProfileFactory(factory.django.DjangoModelFactory):
    """A verified investor with its verification time and verifying staff member, as `investor_verify` leaves it
    (`is_verified=False`: pending, with neither)."""

    class Meta:
        model = InvestorProfile

    user = factory.SubFactory(UserFactory, account_type="investor")
    slug = factory.Sequence(lambda n: f"investor-{n}")
    investor_type = InvestorProfile.Type.VC
    organisation = factory.Sequence(lambda n: f"Testkapital {n}")
    thesis = "Frühphase, B2B-Software."
    ticket_min = 100_000
    ticket_max = 1_000_000
    stages = ["seed", "series_a"]
    is_verified = True
    verified_at = factory.Maybe("is_verified", factory.LazyFunction(timezone.now), None)
    verified_by = factory.Maybe("is_verified", factory.SubFactory(UserFactory, is_staff=True), None)


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookmark

    investor = factory.SubFactory(InvestorProfileFactory)
    startup = factory.SubFactory(StartupFactory)


# --- agency (back office) ---------------------------------------------------------------------


class AdviceRequestFactory(factory.django.DjangoModelFactory):
    """An open advice request from a startup founder (pass `advisor=`, `status=`, `created_at=` …)."""

    class Meta:
        model = "agency.AdviceRequest"

    requester = factory.SubFactory(UserFactory, account_type="startup")
    topic = "funding"
    message = "Welche Förderprogramme passen zu uns?"


class OrganisationProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agency.OrganisationProfile"

    user = factory.SubFactory(UserFactory, account_type="organisation")
    company_name = factory.Sequence(lambda n: f"Testmaschinenbau {n} GmbH")
    size = "medium"
    sector = "Maschinenbau"


class HubUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agency.HubUpdate"

    hub = factory.SubFactory(HubFactory)
    slug = factory.Sequence(lambda n: f"neuigkeit-{n}")
    title_de = factory.Sequence(lambda n: f"Neuigkeit {n}")
    title_en = factory.Sequence(lambda n: f"News {n}")
    text_de = "Ein neues Programm startet."
    text_en = "A new programme starts."
    is_published = True


class HubReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "agency.HubReport"

    hub = factory.SubFactory(HubFactory)
    year = 2026
    quarter = 1
    startups_supported = 12
    events_held = 4
    attendees = 180
    investments_raised = 2_500_000
    jobs_created = 30


# --- matching ---------------------------------------------------------------------------------


class IntroductionFactory(factory.django.DjangoModelFactory):
    """A pending request by the investor to the startup (pass `status=…`, `requester_side=…`)."""

    class Meta:
        model = Introduction

    startup = factory.SubFactory(StartupFactory)
    investor = factory.SubFactory(InvestorProfileFactory)
    requester_side = Introduction.Side.INVESTOR
    requested_by = factory.LazyAttribute(lambda o: o.investor.user)
    message = "Wir würden Sie gern kennenlernen."
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Suche {n}")
    querystring = ""
    frequency = SavedSearch.Frequency.DAILY


# --- additions for the security tests ---------------------------------------------------------


class StartupInvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation to a startup's team (pass `startup=`, `email=`)."""

    class Meta:
        model = "startups.StartupInvitation"

    startup = factory.SubFactory(StartupFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    token = factory.Sequence(lambda n: f"invitation-token-{n:04d}-abcdefghijklmnopqrstuvwxyz")
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))


# --- calls ------------------------------------------------------------------------------------


class CallFactory(factory.django.DjangoModelFactory):
    """An open call of the agency for startups (deadline in two weeks), published."""

    class Meta:
        model = "calls.Call"

    title_de = factory.Sequence(lambda n: f"Aufruf {n}")
    title_en = factory.Sequence(lambda n: f"Call {n}")
    slug = factory.Sequence(lambda n: f"call-{n}")
    summary_de = "Ein Aufruf für Startups"
    summary_en = "A call for startups"
    eligible = factory.LazyFunction(lambda: ["startup", "company"])
    prize_de = "10.000 Euro"
    prize_en = "10,000 euros"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    finalists_at = factory.LazyAttribute(lambda o: o.deadline + datetime.timedelta(days=7) if o.deadline else None)
    second_phase_deadline = factory.LazyAttribute(
        lambda o: o.deadline + datetime.timedelta(days=21) if o.deadline else None
    )
    result_at = factory.LazyAttribute(lambda o: o.deadline + datetime.timedelta(days=28) if o.deadline else None)
    is_published = True


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.Question"

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n)
    kind = "short_text"
    label_de = factory.Sequence(lambda n: f"Frage {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.Criterion"

    call = factory.SubFactory(CallFactory)
    position = factory.Sequence(lambda n: n)
    name_de = factory.Sequence(lambda n: f"Kriterium {n}")
    name_en = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A submitted application of a person for an organisation named in the form."""

    class Meta:
        model = "calls.Application"

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    organisation_name = factory.Sequence(lambda n: f"Bewerberin {n} GmbH")
    organisation_type = "startup"
    stage = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class JuryMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "calls.JuryMember"

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory, is_staff=True)
