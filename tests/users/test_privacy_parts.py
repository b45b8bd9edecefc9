"""The privacy extension point: the users app exports, erases and purges only what the apps registered."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone, translation

from events import privacy as events_privacy
from events.models import Registration
from events.services import RegistrationBusy
from hubportal.users import privacy
from hubportal.users.models import User
from hubportal.users.services import AccountDeletionBlocked, account_delete, account_deletion_plan, account_export
from hubportal.users.services.retention import data_purge_expired
from startups.models import Startup, StartupMembership
from tests.factories import EventFactory, RegistrationFactory, StartupFactory, UserFactory

from .people import PASSWORD


@pytest.fixture
def parts(monkeypatch):
    """The registry as the apps left it, restored after the test; returns a function that adds a part."""
    monkeypatch.setattr(privacy, "_parts", dict(privacy._parts))

    def add(label, **hooks):
        privacy.register(label, **hooks)

    return add


def test_each_app_with_personal_data_registered_its_part():
    registered = {part.label: part for part in privacy.parts()}

    assert set(registered) >= {"startups", "events", "agency", "matching"}
    assert all(part.export and part.erase for part in registered.values())
    assert registered["startups"].deletion_plan and registered["startups"].purge_expired
    # Matching reads the team memberships that startups' part removes.
    order = [part.label for part in privacy.erasure_order()]
    assert order.index("matching") < order.index("startups")


def test_a_registered_part_adds_its_sections_and_history_to_the_export(parts, user):
    seen = []

    def export(person):
        seen.append(person)
        return {"notes": [f"about {person.user.email}"], "history": {"notes": ["wrote one"]}}

    parts("notes", export=export)

    data = account_export(user=user)

    assert data["notes"] == [f"about {user.email}"]
    assert data["history"]["notes"] == ["wrote one"]
    assert data["history"]["startup_changes"] == []  # the apps' history stays next to it
    assert list(data)[-2:] == ["mails", "history"]
    assert seen[0].user == user and seen[0].now == data["exported_at"]


def test_two_parts_exporting_the_same_section_is_a_configuration_error(parts, user):
    parts("twin", export=lambda person: {"event_registrations": []})

    with pytest.raises(ImproperlyConfigured, match="event_registrations"):
        account_export(user=user)


def test_parts_erase_in_their_order_before_the_account_goes(parts, user):
    calls = []

    def recorder(name):
        def erase(person):
            assert User.objects.filter(pk=person.user.pk).exists()
            calls.append(name)

        return erase

    parts("late", erase=recorder("late"), erase_order=5)
    parts("early", erase=recorder("early"), erase_order=-5)

    account_delete(user=user)

    assert calls == ["early", "late"]
    assert not User.objects.filter(pk=user.pk).exists()


def test_a_part_that_blocks_shows_why_and_where_and_deletes_nothing(parts, client, db):
    person = UserFactory(language="en")
    StartupFactory(owner=person, name="Solo GmbH")

    def plan(p):
        return privacy.DeletionPart(
            blocked_by="Return the borrowed projector first.", links=(privacy.Link("Projector", "/en/projector/"),)
        )

    parts("loans", deletion_plan=plan)

    assert account_deletion_plan(user=person).deleted_with_account == ["Solo GmbH"]
    with pytest.raises(AccountDeletionBlocked, match="projector"):
        account_delete(user=person)
    assert User.objects.filter(pk=person.pk).exists()
    assert Startup.objects.filter(name="Solo GmbH").exists()
    client.force_login(person)
    with translation.override("en"):
        page = client.get(reverse("users:account_delete")).content.decode()
    assert "Return the borrowed projector first." in page
    assert '<a href="/en/projector/">Projector</a>' in page
    assert 'name="password"' not in page


def test_a_member_joining_after_the_plan_stops_the_deletion_instead_of_orphaning_the_startup(parts, db):
    founder = UserFactory()
    startup = StartupFactory(owner=founder)

    def someone_joins(person):
        StartupMembership.objects.create(startup=startup, user=UserFactory())

    parts("joiner", erase=someone_joins, erase_order=-10)

    with pytest.raises(AccountDeletionBlocked):
        account_delete(user=founder)
    assert User.objects.filter(pk=founder.pk).exists()
    assert startup.memberships.filter(user=founder, role="owner").exists()


def test_a_busy_event_makes_the_delete_page_ask_to_try_again_and_deletes_nothing(client, db, monkeypatch):
    person = UserFactory(language="en")
    registration = RegistrationFactory(event=EventFactory(), user=person)

    def busy(*args, **kwargs):
        raise RegistrationBusy

    monkeypatch.setattr(events_privacy, "_anonymise_registrations", busy)
    client.force_login(person)
    with translation.override("en"):
        response = client.post(reverse("users:account_delete"), {"password": PASSWORD})

    assert response.status_code == 503
    assert "The portal is busy right now." in response.content.decode()
    assert User.objects.filter(pk=person.pk).exists()
    assert Registration.objects.get(pk=registration.pk).user == person


def test_purge_counts_what_the_parts_purge_after_mails_and_sessions(parts, db):
    seen = []
    parts("leases", purge_expired=lambda now: seen.append(now) or {"leases": 3})
    now = timezone.now() + datetime.timedelta(days=1)

    counts = data_purge_expired(now=now)

    assert list(counts) == ["mails", "sessions", "invitations", "leases"]
    assert counts["leases"] == 3 and seen == [now]
