"""My work on the admin index: each queue's count equals the rows of the filtered list it links to."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agency.models import AdviceRequest
from agency.models.hubnews import previous_quarter
from tests.factories import (
    AdviceRequestFactory,
    ApplicationFactory,
    CallFactory,
    HubFactory,
    InvestorProfileFactory,
    StartupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


KEYS = {
    "advicerequest/?mine=open": "mine",
    "advicerequest/?mine=open&overdue=yes": "overdue",
    "advicerequest/?mine=unassigned": "unassigned",
    "startup/?status=submitted": "moderation",
    "investorprofile/?is_verified__exact=0": "verification",
    "application/?stage__exact=submitted": "applications",
    "hubreport/file/": "reports",
}


def work(response) -> dict[str, object]:
    """The items of My work by what they are (their link's end, so the test does not depend on the language)."""
    items = {}
    for item in response.context["work_items"]:
        (key,) = [key for end, key in KEYS.items() if item.url.endswith(end)]
        items[key] = item
    return items


def make_queues(me, other):
    mine = AdviceRequestFactory.create_batch(3, advisor=me, status="in_progress")
    AdviceRequest.objects.filter(pk__in=[mine[0].pk, mine[1].pk]).update(created_at=timezone.now() - timedelta(days=20))
    AdviceRequestFactory(advisor=other, status="in_progress")
    AdviceRequestFactory.create_batch(2)  # not assigned
    AdviceRequestFactory(advisor=me, status="closed", outcome="resolved")
    StartupFactory.create_batch(2, status="submitted", published_at=None)
    StartupFactory()  # published: not in the queue
    InvestorProfileFactory.create_batch(2, is_verified=False)
    InvestorProfileFactory()
    ApplicationFactory.create_batch(2)
    ApplicationFactory(stage="eligible")


def test_my_work_counts_equal_the_filtered_lists(client, staff_user):
    make_queues(staff_user, UserFactory(is_staff=True))
    client.force_login(staff_user)
    items = work(client.get(reverse("admin:index")))
    expected = {"mine": 3, "overdue": 2, "unassigned": 2, "moderation": 2, "verification": 2, "applications": 2}
    assert {label: items[label].count for label in expected} == expected
    for label, count in expected.items():
        response = client.get(items[label].url)
        assert response.status_code == 200, label
        assert "e=1" not in response.get("Location", ""), label  # an unknown filter would redirect with ?e=1
        assert response.context["cl"].result_count == count, label


def test_my_work_is_the_signed_in_advisors_own(client, advisor):
    other = UserFactory(is_staff=True)
    make_queues(other, advisor)
    client.force_login(advisor)
    items = work(client.get(reverse("admin:index")))
    assert items["mine"].count == 1 and items["overdue"].count == 0
    assert set(items) == {"mine", "overdue", "unassigned"}  # advisors only view startups, and run no calls


def test_my_work_query_count_does_not_grow(client, staff_user, django_assert_num_queries):
    client.force_login(staff_user)
    make_queues(staff_user, UserFactory(is_staff=True))
    client.get(reverse("admin:index"))  # warms the per-process caches (content types, site)
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("admin:index"))
    make_queues(staff_user, UserFactory(is_staff=True))
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("admin:index"))


def test_hub_manager_sees_the_report_to_file(client, staff_groups):
    hub = HubFactory()
    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Hub manager"])
    hub.managers.add(manager)
    client.force_login(manager)
    items = work(client.get(reverse("admin:index")))
    assert items["reports"].count == 1
    assert "applications" not in items  # their hubs run no call: nothing to act on
    hub.reports.create(year=previous_quarter()[0], quarter=previous_quarter()[1])
    assert "reports" not in work(client.get(reverse("admin:index")))


def test_index_is_short_and_links_to_the_dashboard(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    html = response.content.decode()
    assert reverse("admin:dashboard") in html
    assert "bar-chart" not in html and "startups" not in response.context  # the figures moved to the dashboard page


ROLE_ITEMS = {
    "Advisor": {"mine", "overdue", "unassigned"},
    "Hub manager": {"reports", "applications"},
    "Agency administrator": {"mine", "overdue", "unassigned", "moderation", "verification", "applications"},
    "superuser": {"mine", "overdue", "unassigned", "moderation", "verification", "applications"},
    "Content editor": {"moderation", "verification"},
    "Event manager": set(),
    "Jury": set(),  # jurors review on the jury pages; the admin's stage moves are not theirs
}


@pytest.mark.parametrize("role", ROLE_ITEMS)
def test_my_work_shows_each_role_exactly_the_queues_it_may_act_on(client, staff_groups, role):
    """Every shown queue opens for the role (no 403) and counts the rows it may act on; no other queue is shown."""
    user = UserFactory(is_staff=True, is_superuser=role == "superuser")
    if role in staff_groups:
        user.groups.add(staff_groups[role])
    make_queues(user, UserFactory(is_staff=True))
    own_hub = HubFactory()
    if role == "Hub manager":
        own_hub.managers.add(user)
    ApplicationFactory(call=CallFactory(hub=own_hub))  # the hub manager's one; the agency runs all three
    client.force_login(user)
    items = work(client.get(reverse("admin:index")))
    assert set(items) == ROLE_ITEMS[role]
    for key, item in items.items():
        response = client.get(item.url)
        assert response.status_code == 200, key
        if "cl" in (response.context or {}):
            assert response.context["cl"].result_count == item.count, key
    if "applications" in items:
        assert items["applications"].count == (1 if role == "Hub manager" else 3)
