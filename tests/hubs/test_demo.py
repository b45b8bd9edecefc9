import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from hubportal.users.models import User
from hubs.demo import load_demo
from hubs.models import Hub
from hubs.services import HUB_MANAGER_GROUP

pytestmark = pytest.mark.django_db


def test_demo_hub_manager_can_edit_berlin_only(client, real_hubs):
    load_demo(password="hubportal-demo", stdout=io.StringIO())
    manager = User.objects.get(email="manager.berlin@hubportal.example")
    assert manager.is_staff and not manager.is_superuser
    assert manager.groups.filter(name=HUB_MANAGER_GROUP).exists()
    assert manager.has_perm("hubs.change_hub")
    assert list(Hub.objects.managed_by(manager).values_list("slug", flat=True)) == ["berlin"]
    assert client.login(email="manager.berlin@hubportal.example", password="hubportal-demo")
    berlin, hamburg = Hub.objects.get(slug="berlin"), Hub.objects.get(slug="hamburg")
    assert client.get(reverse("admin:hubs_hub_change", args=[berlin.pk])).status_code == 200
    assert client.get(reverse("admin:hubs_hub_change", args=[hamburg.pk])).status_code == 404


def test_load_demo_twice_changes_nothing(real_hubs):
    call_command("load_demo", stdout=io.StringIO())
    snapshot = (
        User.objects.count(),
        list(Hub.objects.get(slug="berlin").managers.values_list("pk", flat=True)),
        User.objects.get(email="manager.berlin@hubportal.example").password,
    )
    call_command("load_demo", stdout=io.StringIO())
    assert snapshot == (
        User.objects.count(),
        list(Hub.objects.get(slug="berlin").managers.values_list("pk", flat=True)),
        User.objects.get(email="manager.berlin@hubportal.example").password,
    )


def test_demo_does_not_invent_contacts_for_real_hubs(real_hubs):
    load_demo(password="hubportal-demo", stdout=io.StringIO())
    assert not Hub.objects.exclude(website="").exists()
    assert not Hub.objects.exclude(contact_email="").exists()
