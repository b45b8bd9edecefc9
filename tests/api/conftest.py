import pytest
from django.test import Client

from hubportal.users.services.api_tokens import api_token_create
from tests.factories import InvestorProfileFactory, StartupFactory, UserFactory


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    """Tests send many requests from one address; the tests of the limits set their own."""
    settings.API_RATES = {"ip": "100000/min", "token": "100000/min"}


@pytest.fixture
def api():
    return Client()


def token_client(user) -> Client:
    """A client that sends a fresh personal token of `user` (and no cookie)."""
    _row, token = api_token_create(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@pytest.fixture
def founder(db):
    return UserFactory(account_type="startup", email="founder@example.org")


@pytest.fixture
def startup(founder):
    """Published; company group public, funding for verified investors, contact only after an introduction."""
    return StartupFactory(owner=founder, name="Alpha Logistik", slug="alpha-logistik", funding_sought=500_000)


@pytest.fixture
def investor(db):
    return InvestorProfileFactory(user__email="investor@example.org")


@pytest.fixture
def unverified_investor(db):
    return InvestorProfileFactory(user__email="unverified@example.org", is_verified=False)


@pytest.fixture
def other_team_member(db):
    """The owner of another published startup: sees no more of `startup` than anyone."""
    member = UserFactory(account_type="startup", email="other-team@example.org")
    StartupFactory(owner=member, name="Beta Robotik", slug="beta-robotik")
    return member
