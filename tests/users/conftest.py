import pytest
from django.core.cache import cache

from hubportal.activity.services import activity_record
from matching.models import Introduction
from startups import activity
from startups.models import StartupMembership
from tests.factories import IntroductionFactory, StartupFactory

from .people import P, Q, make_person, neutral_investor


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache; each test starts with none used up."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_people(db):
    """P and Q with everything; P is also a member of Q's second startup and asked introductions for it."""
    p = make_person(P)
    q = make_person(Q, past_event=p.past_event)
    shared = StartupFactory(owner=q.user, name="Gemeinsam GmbH", contact_email=p.user.email.upper())
    StartupMembership.objects.create(startup=shared, user=p.user, role=StartupMembership.Role.MEMBER)
    activity_record(actor=p.user, action_code=activity.MEMBER_JOINED, target=shared, data={"person": p.user.pk})
    p.shared = shared
    p.pending_for_team = IntroductionFactory(
        startup=shared,
        investor=neutral_investor(),
        requester_side=Introduction.Side.STARTUP,
        requested_by=p.user,
        message="Team asks politely",
    )
    p.accepted_for_team = IntroductionFactory(
        startup=shared,
        investor=neutral_investor(),
        requester_side=Introduction.Side.STARTUP,
        requested_by=p.user,
        status=Introduction.Status.ACCEPTED,
        message="Team asked earlier",
    )
    return p, q
