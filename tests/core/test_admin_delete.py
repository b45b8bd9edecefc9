"""Deleting in the admin: no bulk "delete selected" anywhere; models whose deletion has consequences either delete
through a service (ServiceDeleteAdmin) or cannot be deleted in the admin at all."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from hubportal.admin.actions import ServiceDeleteAdmin
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# label → how the admin deletes it: "service" (through ServiceDeleteAdmin.delete_service) or "never".
CONSEQUENTIAL = {
    "startups.startup": "service",
    "events.event": "service",
    "calls.call": "service",
    "calls.review": "service",
    "events.registration": "never",  # cancelled instead: mails the person, moves up the waitlist
    "startups.investorprofile": "never",  # declined or withdrawn instead; goes with the account
    "matching.introduction": "never",  # closed instead
    "agency.advicerequest": "never",  # closed with an outcome instead
    "calls.application": "never",  # withdrawn or moved to another stage instead
}


def superuser_request():
    request = RequestFactory().get("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    return request


def registered() -> dict:
    return {model._meta.label_lower: model_admin for model, model_admin in admin.site._registry.items()}


def test_no_model_admin_offers_djangos_delete_selected():
    request = superuser_request()
    offering = [label for label, ma in registered().items() if "delete_selected" in ma.get_actions(request)]
    assert offering == []


@pytest.mark.parametrize(("label", "how"), sorted(CONSEQUENTIAL.items()))
def test_a_consequential_delete_goes_through_a_service_or_is_refused(label, how):
    model_admin = registered()[label]
    request = superuser_request()
    if how == "never":
        assert not model_admin.has_delete_permission(request)
        return
    assert isinstance(model_admin, ServiceDeleteAdmin)
    assert model_admin.has_delete_permission(request)
    service = type(model_admin).delete_service
    assert service.__module__.split(".")[1] == "services", service.__module__
