"""Deleting a startup goes through `startup_delete`: a published profile is refused, the log keeps its entries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from hubportal.activity.actions import lines
from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person
from hubportal.errors import ServiceError
from startups import activity
from startups.models import Startup, StartupMembership
from startups.services import membership_add, startup_delete, startup_unpublish
from tests.factories import StartupFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(founder):
    return StartupFactory(owner=founder, name="Beta Robotik", status="draft", published_at=None)


def test_deleting_keeps_the_log_entries_marked_with_the_name(draft, founder):
    staff = UserFactory(is_staff=True, first_name="Sabine", last_name="Staff")
    membership_add(startup=draft, user=UserFactory(), by=staff)
    before = Activity.objects.of(draft).count()
    assert before

    startup_delete(startup=draft, user=staff)

    assert not Startup.objects.filter(pk=draft.pk).exists()
    assert not StartupMembership.objects.filter(startup_id=draft.pk).exists()
    entries = list(Activity.objects.of(draft))
    assert len(entries) == before + 1
    assert all(e.data["target_deleted"] is True and e.data["target_name"] == "Beta Robotik" for e in entries)
    deleted = entries[0]
    assert deleted.action == activity.DELETED and deleted.actor == staff
    with translation.override("en"):
        line = lines([deleted])[0]
    assert (line.who, line.label, line.text) == ("Sabine Staff", "Deleted", "Beta Robotik")


def test_the_deleting_staff_member_reads_deleted_user_once_their_account_is_gone(draft):
    staff = UserFactory(is_staff=True)
    startup_delete(startup=draft, user=staff)
    activity_erase_person(user=staff)
    staff.delete()
    entry = Activity.objects.select_related("actor").get(action=activity.DELETED)
    with translation.override("en"):
        assert lines([entry])[0].who == "deleted user"
    assert entry.data["target_name"] == "Beta Robotik"  # the startup's name stays: it is no person's data


def test_a_published_startup_is_unpublished_first(startup):
    staff = UserFactory(is_staff=True)
    with pytest.raises(ServiceError):
        startup_delete(startup=startup, user=staff)
    assert Startup.objects.filter(pk=startup.pk).exists()
    assert not Activity.objects.filter(action=activity.DELETED).exists()
    startup_unpublish(startup=startup, user=staff, reason="Doppelt angelegt")
    startup_delete(startup=startup, user=staff)
    assert not Startup.objects.filter(pk=startup.pk).exists()


def test_the_admin_delete_page_runs_the_service(admin_client, draft, startup):
    url = reverse("admin:startups_startup_delete", args=[draft.pk])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    assert not Startup.objects.filter(pk=draft.pk).exists()
    assert Activity.objects.filter(action=activity.DELETED, object_id=draft.pk).exists()

    with translation.override("en"):
        url = reverse("admin:startups_startup_delete", args=[startup.pk])
        response = admin_client.post(url, {"post": "yes"})
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:startups_startup_change", args=[startup.pk])
    assert Startup.objects.filter(pk=startup.pk).exists()
    assert any("Unpublish it first" in str(m) for m in get_messages(response.wsgi_request))


def test_the_startup_list_offers_no_bulk_delete(admin_client, draft):
    response = admin_client.get(reverse("admin:startups_startup_changelist") + "?status=all")
    assert "delete_selected" not in dict(response.context["action_form"].fields["action"].choices)
    response = admin_client.post(
        reverse("admin:startups_startup_changelist") + "?status=all",
        {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"},
    )
    assert Startup.objects.filter(pk=draft.pk).exists()
