"""Staff see what the scheduler ran, when, where and how it ended; nobody edits the record."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from hubportal.scheduler.models import JobRun


def make_runs(count):
    start = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
    JobRun.objects.bulk_create(
        JobRun(
            job="send_pending_mail",
            period_start=start + timedelta(minutes=5 * n),
            started_at=start + timedelta(minutes=5 * n),
            status=JobRun.Status.FAILED if n == 0 else JobRun.Status.SUCCEEDED,
            runner=f"web-{n}:100",
            error="RuntimeError: boom" if n == 0 else "",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("rows", [1, 25])
def test_changelist_query_count_does_not_grow(client, staff_user, django_assert_max_num_queries, rows):
    make_runs(rows)
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("admin:scheduler_jobrun_changelist"), {"status": "failed"})
    assert response.status_code == 200
    assert b"web-0:100" in response.content and b"web-1:100" not in response.content


def test_a_run_is_shown_but_not_editable(client, staff_user):
    make_runs(1)
    client.force_login(staff_user)
    run = JobRun.objects.get()
    response = client.get(reverse("admin:scheduler_jobrun_change", args=[run.pk]))
    assert response.status_code == 200
    assert b"RuntimeError: boom" in response.content
    assert b'name="_save"' not in response.content
    assert client.get(reverse("admin:scheduler_jobrun_add")).status_code == 403


def test_run_records_are_for_staff_only(client, user):
    client.force_login(user)
    assert client.get(reverse("admin:scheduler_jobrun_changelist")).status_code == 302
