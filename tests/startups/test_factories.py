"""The test factories build rows as the services would: tests that trust them must not see impossible data."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import InvestorProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_verified_investor_from_the_factory_has_a_verification_time():
    before = timezone.now()
    profile = InvestorProfileFactory()
    profile.refresh_from_db()
    assert profile.is_verified
    assert before <= profile.verified_at <= timezone.now()


def test_verified_investor_from_the_factory_was_verified_by_staff():
    profile = InvestorProfileFactory()
    profile.refresh_from_db()
    assert profile.verified_by is not None and profile.verified_by.is_staff
    assert profile.verified_by != profile.user


def test_pending_investor_from_the_factory_has_no_verification_time():
    profile = InvestorProfileFactory(is_verified=False)
    profile.refresh_from_db()
    assert profile.verified_at is None and profile.verified_by is None


def test_factory_keeps_a_given_verifier():
    staff = UserFactory(is_staff=True)
    assert InvestorProfileFactory(verified_by=staff).verified_by == staff


def test_factory_keeps_a_given_verification_time():
    long_ago = timezone.now() - timedelta(days=400)
    assert InvestorProfileFactory(verified_at=long_ago).verified_at == long_ago
