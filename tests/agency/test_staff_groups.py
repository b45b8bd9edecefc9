"""Each staff group can do its job in the admin, and nothing beyond it."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from hubportal.admin.roles import GROUPS, group_permission_keys
from tests.factories import EventFactory, HubFactory, HubReportFactory, HubUpdateFactory, UserFactory

PAGES = {
    "advice": "admin:agency_advicerequest_changelist",
    "updates": "admin:agency_hubupdate_changelist",
    "update_add": "admin:agency_hubupdate_add",
    "reports": "admin:agency_hubreport_changelist",
    "report_add": "admin:agency_hubreport_add",
    "hubs": "admin:hubs_hub_changelist",
    "topic_add": "admin:hubs_topic_add",
    "events": "admin:events_event_changelist",
    "event_add": "admin:events_event_add",
    "startups": "admin:startups_startup_changelist",
    "investors": "admin:startups_investorprofile_changelist",
    "users": "admin:users_user_changelist",
    "groups": "admin:auth_group_changelist",
    "introductions": "admin:matching_introduction_changelist",
    "saved_searches": "admin:matching_savedsearch_changelist",
}

ALLOWED = {
    "Agency administrator": set(PAGES),
    "Advisor": {"advice", "startups"},
    "Event manager": {"events", "event_add"},
    "Content editor": {"updates", "update_add", "topic_add", "startups", "investors"},
    "Hub manager": {"updates", "update_add", "reports", "report_add", "hubs", "events", "event_add"},
    "Jury": set(),  # jurors work on their own pages (calls/views/jury.py), not in the admin
}


def member(group_name, staff_groups):
    user = UserFactory(is_staff=True)
    user.groups.add(staff_groups[group_name])
    if group_name == "Hub manager":
        HubFactory().managers.add(user)
    return user


def test_every_group_has_a_test_matrix():
    assert set(ALLOWED) == set(GROUPS)


@pytest.mark.django_db
def test_migration_created_the_groups_with_exactly_their_permissions():
    for name in GROUPS:
        group = Group.objects.get(name=name)
        actual = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert actual == group_permission_keys(name), name


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", sorted(ALLOWED))
def test_group_reaches_its_admin_pages_and_nothing_else(client, staff_groups, group_name):
    client.force_login(member(group_name, staff_groups))
    assert client.get(reverse("admin:index")).status_code == 200
    for page, url_name in PAGES.items():
        expected = 200 if page in ALLOWED[group_name] else 403
        assert client.get(reverse(url_name)).status_code == expected, (group_name, page)


@pytest.mark.django_db
def test_no_group_may_delete_users_or_change_groups(staff_groups):
    for name in GROUPS:
        keys = group_permission_keys(name)
        assert ("users", "delete_user") not in keys and ("auth", "change_group") not in keys


@pytest.mark.django_db
def test_hub_manager_only_touches_the_own_hub(client, staff_groups):
    manager = member("Hub manager", staff_groups)
    own = manager.managed_hubs.get()
    other = HubFactory()
    own_update, other_update = HubUpdateFactory(hub=own), HubUpdateFactory(hub=other)
    own_report, other_report = HubReportFactory(hub=own), HubReportFactory(hub=other)
    own_event = EventFactory(hub=own)
    EventFactory(hub=other)
    client.force_login(manager)

    updates = client.get(reverse("admin:agency_hubupdate_changelist")).context["cl"].result_list
    assert list(updates) == [own_update]
    reports = client.get(reverse("admin:agency_hubreport_changelist")).context["cl"].result_list
    assert list(reports) == [own_report]
    events = client.get(reverse("admin:events_event_changelist")).context["cl"].result_list
    assert list(events) == [own_event]
    hubs = client.get(reverse("admin:hubs_hub_changelist")).context["cl"].result_list
    assert list(hubs) == [own]

    assert client.get(reverse("admin:agency_hubupdate_change", args=[other_update.pk])).status_code == 404
    assert client.get(reverse("admin:agency_hubreport_change", args=[other_report.pk])).status_code == 404
    assert client.get(reverse("admin:agency_hubupdate_change", args=[own_update.pk])).status_code == 200

    form = client.get(reverse("admin:agency_hubupdate_add")).context["adminform"].form
    assert list(form.fields["hub"].queryset) == [own]

    refused = client.post(
        reverse("admin:agency_hubreport_add"),
        {
            "hub": other.pk,
            "year": 2026,
            "quarter": 2,
            "startups_supported": 1,
            "events_held": 1,
            "attendees": 1,
            "investments_raised": 0,
            "jobs_created": 0,
        },
    )
    assert refused.status_code == 200 and "hub" in refused.context["adminform"].form.errors


@pytest.mark.django_db
def test_content_editor_edits_every_hubs_news(client, staff_groups):
    editor = member("Content editor", staff_groups)
    updates = [HubUpdateFactory(), HubUpdateFactory()]
    client.force_login(editor)
    listed = client.get(reverse("admin:agency_hubupdate_changelist")).context["cl"].result_list
    assert set(listed) == set(updates)


@pytest.mark.django_db
def test_event_manager_manages_all_events(client, staff_groups):
    manager = member("Event manager", staff_groups)
    events = [EventFactory(), EventFactory()]
    client.force_login(manager)
    listed = client.get(reverse("admin:events_event_changelist")).context["cl"].result_list
    assert set(listed) == set(events)


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", sorted(ALLOWED))
def test_only_agency_administrators_follow_the_intro_funnel(client, staff_groups, group_name):
    from tests.factories import IntroductionFactory

    introduction = IntroductionFactory()
    client.force_login(member(group_name, staff_groups))
    dashboard = client.get(reverse("admin:dashboard"))
    change = client.get(reverse("admin:matching_introduction_change", args=[introduction.pk]))
    if group_name == "Agency administrator":
        assert dashboard.context["intros"]["requested"] == 1
        assert change.status_code == 200 and 'name="staff_notes"' in change.content.decode()
    else:
        assert "intros" not in dashboard.context
        assert change.status_code == 403
