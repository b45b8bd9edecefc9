"""bulk_action: one admin action per service, with a count of what was done and each refusal with its reason."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hubportal.admin.actions import bulk_action
from hubportal.errors import ServiceError
from hubs.models import Hub
from tests.factories import HubFactory, UserFactory

pytestmark = pytest.mark.django_db


class Inactive(ServiceError):
    message = _("The hub is not active.")


def deactivate(*, hub, user, note=""):
    if not hub.is_active:
        raise Inactive
    hub.is_active = False
    hub.focus_de = note
    hub.save(update_fields=["is_active", "focus_de"])


def run(action, queryset):
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    action(admin.ModelAdmin(Hub, admin.site), request, queryset)
    return [str(message) for message in get_messages(request)]


def test_runs_the_service_on_each_and_names_each_refusal():
    active, inactive = HubFactory(name="Aktiv"), HubFactory(name="Ruhend", is_active=False)
    action = bulk_action(
        deactivate,
        description="Deactivate",
        done=lambda n: ngettext("%d hub deactivated.", "%d hubs deactivated.", n) % n,
        argument="hub",
        actor="user",
        extra=lambda request: {"note": "bulk"},
    )
    with translation.override("en"):
        messages = run(action, Hub.objects.filter(pk__in=[active.pk, inactive.pk]).order_by("name"))
    assert messages == ["1 hub deactivated.", "1 skipped: Ruhend: The hub is not active."]
    active.refresh_from_db()
    assert not active.is_active and active.focus_de == "bulk"
    assert action.allowed_permissions == ("change",) and action.short_description == "Deactivate"


def test_narrows_the_selection_and_says_nothing_was_done():
    hub = HubFactory(is_active=False)
    action = bulk_action(
        deactivate,
        description="Deactivate",
        done=lambda n: f"{n} done",
        argument="hub",
        actor="user",
        queryset=lambda qs: qs.filter(is_active=True),
    )
    assert run(action, Hub.objects.filter(pk=hub.pk)) == ["0 done"]


# Actions that ask for a reason on a page of their own first, then run bulk_action (startups/admin/moderation.py).
ASKS_FIRST = "reason_action.<locals>.action"


def test_every_writing_admin_action_runs_a_service_through_bulk_action():
    """Actions that change data are bulk_action's (a service per object, refusals shown); downloads stay plain."""
    checked = 0
    for model_admin in admin.site._registry.values():
        for func, name, _description in model_admin._get_base_actions():
            if name == "delete_selected" or name.startswith("export"):
                continue
            assert func.__qualname__.startswith("bulk_action.") or func.__qualname__ == ASKS_FIRST, (
                f"{model_admin}: {name}"
            )
            checked += 1
    assert checked > 10
