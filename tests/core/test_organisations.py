"""hubportal.users.organisations: the organisations a person acts for, offered by the apps that hold them."""

import pytest

from hubportal.users import organisations
from tests.factories import OrganisationProfileFactory, StartupFactory, UserFactory


@pytest.fixture
def registry(monkeypatch):
    monkeypatch.setattr(organisations, "_providers", {})
    return organisations


def test_providers_are_asked_in_the_order_they_registered_and_empty_kinds_are_left_out(registry):
    registry.register("club", "Your clubs", lambda user: [(3, "Ruderclub"), (7, "Schachclub")])
    registry.register("empty", "Nothing", lambda user: [])
    user = UserFactory.build()
    groups = registry.organisations_of(user)
    assert [(provider.kind, [o.key for o in found]) for provider, found in groups] == [("club", ["club:3", "club:7"])]
    assert registry.organisation_of(user, "club:7").name == "Schachclub"
    assert registry.organisation_of(user, "club:8") is None
    assert registry.organisation_of(user, "empty:3") is None


def test_a_second_registration_of_a_kind_replaces_the_first(registry):
    registry.register("club", "Old", lambda user: [(1, "Alt")])
    registry.register("club", "New", lambda user: [(2, "Neu")])
    assert [p.label for p in registry.providers()] == ["New"]


def test_visitors_have_no_organisations(registry):
    from django.contrib.auth.models import AnonymousUser

    registry.register("club", "Your clubs", lambda user: [(1, "Alt")])
    assert registry.organisations_of(AnonymousUser()) == []


@pytest.mark.django_db
def test_startups_and_agency_offer_the_team_startups_and_the_company_profile():
    person, stranger = UserFactory(), UserFactory()
    own = StartupFactory(owner=person, name="Zeta")
    StartupFactory(owner=stranger, name="Fremd")
    profile = OrganisationProfileFactory(user=person, company_name="Alpha AG")
    found = {provider.kind: [o.key for o in items] for provider, items in organisations.organisations_of(person)}
    assert found == {"startup": [f"startup:{own.pk}"], "company": [f"company:{profile.pk}"]}
    assert organisations.organisation_of(stranger, f"startup:{own.pk}") is None
