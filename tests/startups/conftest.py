import pytest
from django.utils import translation

from tests.factories import InvestorProfileFactory, StartupFactory, UserFactory


@pytest.fixture
def founder(db):
    return UserFactory(account_type="startup", email="founder@example.org")


@pytest.fixture
def startup(founder):
    """A published startup owned by `founder`, funding for investors, contact after introduction."""
    return StartupFactory(owner=founder, name="Alpha Logistik", slug="alpha-logistik")


@pytest.fixture
def other_startup(db):
    """A second startup (a draft) of another founder."""
    return StartupFactory(name="Beta Draft", slug="beta-draft", status="draft", published_at=None)


@pytest.fixture
def investor(db):
    return InvestorProfileFactory(user__email="investor@example.org")


@pytest.fixture
def unverified_investor(db):
    return InvestorProfileFactory(user__email="unverified@example.org", is_verified=False)


@pytest.fixture
def english():
    """For tests that read English interface texts: URLs reversed after this are /en/ URLs."""
    translation.activate("en")
