import io

import pytest
from django.core.management import call_command

from startups.models import InvestorProfile, Startup, StartupMembership

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_complete():
    call_command("load_demo", stdout=io.StringIO())
    counts = (Startup.objects.count(), InvestorProfile.objects.count(), StartupMembership.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert counts == (Startup.objects.count(), InvestorProfile.objects.count(), StartupMembership.objects.count())
    assert Startup.objects.published().count() >= 15
    assert Startup.objects.filter(status="submitted").exists()
    assert Startup.objects.filter(memberships__user__email="founder@hubportal.example").exists()
    assert InvestorProfile.objects.get(user__email="investor@hubportal.example").is_verified
    assert InvestorProfile.objects.filter(is_verified=False).exists()
    assert Startup.objects.values("hub").distinct().count() >= 10
