"""factory_boy factories for every model; one section per app."""

import factory
from allauth.account.models import EmailAddress

from hubportal.users.models import User
from hubs.models import Hub, HubNetwork, Topic

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


# --- startups ---------------------------------------------------------------------------------

from django.utils import timezone  # noqa: E402

from startups.models import Bookmark, InvestorProfile, Startup, StartupMembership  # noqa: E402


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
        """Fills the full-text vector as the services do (PostgreSQL only)."""
        if create:
            from startups.services import startup_update_search_vector

            startup_update_search_vector(startup_ids=[obj.pk])


class InvestorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestorProfile

    user = factory.SubFactory(UserFactory, account_type="investor")
    slug = factory.Sequence(lambda n: f"investor-{n}")
    investor_type = InvestorProfile.Type.VC
    organisation = factory.Sequence(lambda n: f"Testkapital {n}")
    thesis = "Frühphase, B2B-Software."
    ticket_min = 100_000
    ticket_max = 1_000_000
    stages = ",seed,series_a,"
    is_verified = True


class BookmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bookmark

    investor = factory.SubFactory(InvestorProfileFactory)
    startup = factory.SubFactory(StartupFactory)
