"""The admin index's "recent actions" show the latest activity entries (services write the log, not the admin's own
LogEntry), in the reader's language, only about objects the reader may see in the admin."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from hubportal.activity.services import activity_record
from tests.factories import EventFactory, StartupFactory, UserFactory

pytestmark = pytest.mark.django_db


def sidebar(client, language="en") -> str:
    with translation.override(language):
        html = client.get(reverse("admin:index")).content.decode()
    return html.split('id="recent-actions-module"', 1)[1].split("</div>", 1)[0]


def test_the_index_shows_the_latest_entries_in_the_readers_language(admin_client):
    startup = StartupFactory(name="Frachtfuchs")
    activity_record(
        actor=UserFactory(first_name="Rita", last_name="Rot"),
        action_code="startups.rejected",
        target=startup,
        data={"reason": "Bitte ergänzen"},
    )
    english = sidebar(admin_client, "en")
    assert "Frachtfuchs" in english and "Rejected – Bitte ergänzen" in english and "Rita Rot" in english
    with translation.override("en"):
        assert reverse("admin:startups_startup_change", args=[startup.pk]) in english
    assert "Abgelehnt – Bitte ergänzen" in sidebar(admin_client, "de")


def test_the_index_says_when_there_is_nothing_yet(admin_client):
    assert "None available" in sidebar(admin_client)


def test_entries_about_objects_the_reader_may_not_view_stay_hidden(client):
    activity_record(actor=None, action_code="startups.published", target=StartupFactory(name="Geheim GmbH"))
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_event"))
    EventFactory()
    client.force_login(staff)
    assert "Geheim GmbH" not in sidebar(client)
    staff.user_permissions.add(Permission.objects.get(codename="view_startup"))
    client.force_login(staff)
    assert "Geheim GmbH" in sidebar(client)


def test_the_query_count_does_not_grow_with_the_entries(admin_client, django_assert_max_num_queries):
    activity_record(actor=None, action_code="startups.created", target=StartupFactory())
    with django_assert_max_num_queries(40) as first:
        admin_client.get(reverse("admin:index"))
    for _ in range(8):
        activity_record(actor=UserFactory(), action_code="startups.created", target=StartupFactory())
    with django_assert_max_num_queries(len(first.captured_queries)):
        admin_client.get(reverse("admin:index"))
