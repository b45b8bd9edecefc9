import io

import pytest
from django.core.management import call_command

from hubportal.activity.models import Activity
from matching.models import Introduction, SavedSearch
from startups.models import InvestorProfile, Startup

pytestmark = pytest.mark.django_db


def counts():
    return (
        Introduction.objects.count(),
        Activity.objects.filter(action__startswith="matching.").count(),
        SavedSearch.objects.count(),
        Startup.objects.count(),
        InvestorProfile.objects.count(),
    )


def test_demo_introductions_and_saved_searches_are_loaded_once():
    call_command("load_demo", stdout=io.StringIO())
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first
    intros = Introduction.objects.select_related("investor__user", "startup")
    assert {(i.requester_side, i.status) for i in intros} == {
        ("investor", "pending"),
        ("startup", "pending"),
        ("investor", "accepted"),
        ("investor", "declined"),
    }
    accepted = intros.get(status="accepted")
    assert accepted.investor.user.email == "investor@hubportal.example"
    assert accepted.startup.memberships.filter(user__email="founder@hubportal.example").exists()
    assert Activity.objects.of(accepted).filter(action="matching.intro_accepted").exists()
    assert intros.get(status="declined").reason
    searches = {(s.user.email, s.kind) for s in SavedSearch.objects.select_related("user")}
    assert ("investor@hubportal.example", "startups") in searches
    assert ("founder@hubportal.example", "investors") in searches
