"""The activity log: services record codes and data; readers see them in their language; erasure leaves
"deleted user" behind and no id of the person."""

import datetime

import pytest
from django.contrib import admin
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions
from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person, activity_record
from hubportal.users.services.api_tokens import api_token_create
from tests.factories import ApplicationFactory, HubFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def test_actions(monkeypatch):
    monkeypatch.setattr(actions, "_actions", dict(actions._actions))
    actions.register("test.renamed", _("Renamed"), describe=lambda data, names: f"{data['old']} → {data['new']}")
    actions.register(
        "test.handed_over",
        _("Team changed"),
        describe=lambda data, names: names.of(data["person"]),
        people=("person",),
    )


def test_entries_read_in_the_readers_language_with_the_people_they_name(django_assert_num_queries):
    hub = HubFactory()
    alice = UserFactory(first_name="Alice", last_name="Anfang")
    bob = UserFactory(first_name="Bob", last_name="Berg")
    activity_record(actor=alice, action_code="test.renamed", target=hub, data={"old": "A", "new": "B"})
    activity_record(actor=None, action_code="test.handed_over", target=hub, data={"person": bob.pk})
    entries = Activity.objects.of(hub).select_related("actor")
    with django_assert_num_queries(2), translation.override("de"):  # the entries, then the people named
        german = actions.lines(entries)
    assert [(line.who, line.label, line.text) for line in german] == [
        ("Hubportal", "Team geändert", "Bob Berg"),
        ("Alice Anfang", "Renamed", "A → B"),
    ]


def test_an_unregistered_action_is_refused():
    with pytest.raises(LookupError):
        activity_record(actor=None, action_code="test.unknown", target=HubFactory())


def test_erasure_leaves_deleted_user_and_no_id_behind():
    hub = HubFactory()
    alice = UserFactory(first_name="Alice", last_name="Anfang")
    bob = UserFactory(first_name="Bob", last_name="Berg")
    activity_record(actor=alice, action_code="test.renamed", target=hub, data={"old": "A", "new": "B"})
    activity_record(actor=bob, action_code="test.handed_over", target=hub, data={"person": alice.pk})
    activity_record(actor=bob, action_code="test.handed_over", target=hub, data={"person": bob.pk})

    assert activity_erase_person(user=alice) == 2
    alice_id = alice.pk
    alice.delete()
    with translation.override("en"):
        lines = actions.lines(Activity.objects.of(hub).select_related("actor"))
    assert [(line.who, line.text) for line in lines] == [
        ("Bob Berg", "Bob Berg"),
        ("Bob Berg", "deleted user"),
        ("deleted user", "A → B"),
    ]
    assert not Activity.objects.filter(data__person=alice_id).exists()
    assert Activity.objects.filter(data__person=bob.pk).count() == 1  # the other person is untouched


def test_the_log_is_read_only_in_the_admin(admin_client):
    hub = HubFactory()
    activity_record(actor=None, action_code="test.renamed", target=hub, data={"old": "A", "new": "B"})
    response = admin_client.get("/en/admin/activity/activity/")
    assert response.status_code == 200
    assert "Renamed: A → B" in response.content.decode()
    assert admin_client.get("/en/admin/activity/activity/add/").status_code == 403


def test_an_admin_history_lists_the_lines_in_local_time_escaped_or_is_a_dash():
    hub = HubFactory()
    alice = UserFactory(first_name="Alice", last_name="<Anfang>")
    assert actions.lines_html(Activity.objects.of(hub).select_related("actor")) == "–"
    winter = activity_record(actor=alice, action_code="test.renamed", target=hub, data={"old": "A", "new": "<b>"})
    summer = activity_record(actor=None, action_code="test.handed_over", target=hub, data={"person": alice.pk})
    Activity.objects.filter(pk=winter.pk).update(created_at=datetime.datetime(2026, 1, 2, 9, 30, tzinfo=datetime.UTC))
    Activity.objects.filter(pk=summer.pk).update(created_at=datetime.datetime(2026, 7, 1, 12, 0, tzinfo=datetime.UTC))

    with translation.override("de"):
        html = actions.lines_html(Activity.objects.of(hub).select_related("actor"))

    assert html == (
        "<ul><li>2026-07-01 14:00 – Hubportal: Team geändert Alice &lt;Anfang&gt;</li>"
        "<li>2026-01-02 10:30 – Alice &lt;Anfang&gt;: Renamed A → &lt;b&gt;</li></ul>"
    )


@pytest.mark.parametrize("model", ["token", "application"])
def test_the_token_and_application_admins_show_the_history_with_the_one_helper(model):
    if model == "token":
        obj, _token = api_token_create(user=UserFactory(), name="Import")
    else:
        obj = ApplicationFactory()
    activity_record(actor=None, action_code="test.renamed", target=obj, data={"old": "A", "new": "B"})
    model_admin = admin.site.get_model_admin(type(obj))

    shown = model_admin.history(obj)

    assert shown == actions.lines_html(Activity.objects.of(obj).select_related("actor"))
    assert "<li>" in shown and "Renamed A → B" in shown
