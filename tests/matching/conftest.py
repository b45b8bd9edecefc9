import pytest

from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory


@pytest.fixture
def topics(db):
    return {
        slug: TopicFactory(slug=slug, name_en=slug.title(), name_de=slug.title()) for slug in ("ai", "iot", "energy")
    }


@pytest.fixture
def hub(db):
    return HubFactory(slug="berlin-hub", name="Berlin Hub")


@pytest.fixture
def founder(db):
    return UserFactory(account_type="startup", email="founder@example.org", first_name="Frida")


@pytest.fixture
def startup(founder, topics, hub):
    """A published seed startup in Berlin seeking 500,000 € (funding for verified investors)."""
    return StartupFactory(
        owner=founder,
        name="Alpha Sensorik",
        slug="alpha-sensorik",
        pitch="Sensornetze für die Energiewirtschaft",
        topics=[topics["ai"], topics["energy"]],
        hub=hub,
        funding_sought=500_000,
        contact_email="kontakt@alpha.example.org",
    )


@pytest.fixture
def investor(topics, hub):
    """A verified investor: AI and energy, seed/series A, 100k–1M tickets, prefers the Berlin hub."""
    profile = InvestorProfileFactory(
        user__email="investor@example.org",
        user__first_name="Ines",
        organisation="Ines Kapital",
        thesis="Sensornetze und Energie",
    )
    profile.topics.set([topics["ai"], topics["energy"]])
    profile.hubs.set([hub])
    return profile
