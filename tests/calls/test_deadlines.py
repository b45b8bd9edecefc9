"""Deadlines in Berlin time: one second before and after, and "N days left" across the changes of summer time."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from calls.services import CallClosed, application_submit
from calls.templatetags.calls_tags import berlin_time, days_left, deadline_left
from tests.factories import ApplicationFactory, CallFactory, QuestionFactory

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(*args, fold: int = 0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=BERLIN, fold=fold)  # type: ignore[misc]  # args never hold tzinfo


@pytest.fixture
def call_at(db):
    def make(deadline):
        call = CallFactory(
            opens_at=deadline - datetime.timedelta(days=30),
            deadline=deadline,
            finalists_at=None,
            second_phase_deadline=None,
            result_at=None,
        )
        QuestionFactory(call=call, required=False)
        return call

    return make


@pytest.mark.django_db
@pytest.mark.parametrize(
    "deadline",
    [
        berlin(2026, 3, 15, 23, 59, 59),  # winter time (CET, UTC+1)
        berlin(2026, 3, 29, 3, 0),  # the first moment of summer time (02:00 CET jumps to 03:00 CEST)
        berlin(2026, 7, 1, 12, 0),  # summer time (CEST, UTC+2)
        berlin(2026, 10, 25, 2, 30, fold=1),  # the second 02:30 of the night back to winter time
    ],
)
def test_submitting_works_one_second_before_and_not_one_second_after(call_at, deadline, monkeypatch):
    # Python subtracts datetimes of one zone by the wall clock: the moments are compared in UTC, as stored.
    deadline = deadline.astimezone(datetime.UTC)
    call = call_at(deadline)
    before, after = ApplicationFactory(call=call, stage="draft"), ApplicationFactory(call=call, stage="draft")

    monkeypatch.setattr(timezone, "now", lambda: deadline - datetime.timedelta(seconds=1))
    assert call.state() == "open"
    application_submit(application=before, user=before.applicant)
    before.refresh_from_db()
    assert before.stage == "submitted"

    monkeypatch.setattr(timezone, "now", lambda: deadline)
    assert call.state() == "closed"
    with pytest.raises(CallClosed):
        application_submit(application=after, user=after.applicant)
    monkeypatch.setattr(timezone, "now", lambda: deadline + datetime.timedelta(seconds=1))
    with pytest.raises(CallClosed):
        application_submit(application=after, user=after.applicant)
    after.refresh_from_db()
    assert after.stage == "draft"


def test_the_two_0230_of_the_night_back_to_winter_time_are_an_hour_apart():
    first, second = berlin(2026, 10, 25, 2, 30), berlin(2026, 10, 25, 2, 30, fold=1)
    assert second - first == datetime.timedelta(0)  # same wall clock …
    assert second.astimezone(datetime.UTC) - first.astimezone(datetime.UTC) == datetime.timedelta(hours=1)  # … not time
    with translation.override("en"):
        assert berlin_time(first) == "Oct. 25, 2026, 2:30 a.m. CEST"
        assert berlin_time(second) == "Oct. 25, 2026, 2:30 a.m. CET"


def test_days_left_count_calendar_days_in_berlin_across_the_change_to_summer_time():
    # 47 hours from Saturday noon (CET) to Monday noon (CEST) are still two days
    now, deadline = berlin(2026, 3, 28, 12, 0), berlin(2026, 3, 30, 12, 0)
    assert deadline.astimezone(datetime.UTC) - now.astimezone(datetime.UTC) == datetime.timedelta(hours=47)
    assert days_left(deadline, now) == 2
    with translation.override("en"):
        assert deadline_left(deadline, now) == "2 days left"


def test_days_left_across_the_change_to_winter_time_and_on_the_last_day():
    now, deadline = berlin(2026, 10, 24, 23, 30), berlin(2026, 10, 25, 23, 30)
    assert deadline.astimezone(datetime.UTC) - now.astimezone(datetime.UTC) == datetime.timedelta(hours=25)
    assert days_left(deadline, now) == 1
    with translation.override("en"):
        assert deadline_left(deadline, now) == "1 day left"
        assert deadline_left(deadline, berlin(2026, 10, 25, 0, 1)) == "Last day"
        assert deadline_left(deadline, deadline) == ""
    # just after midnight in Berlin it is still the previous day in UTC: Berlin's date counts
    assert days_left(berlin(2026, 7, 2, 0, 30), berlin(2026, 7, 1, 23, 59)) == 1


def test_exact_times_name_the_zone_in_the_readers_language():
    with translation.override("de"):
        assert berlin_time(berlin(2017, 3, 15, 23, 59)) == "15. März 2017, 23:59 Uhr MEZ"
        assert berlin_time(berlin(2017, 6, 15, 23, 59)) == "15. Juni 2017, 23:59 Uhr MESZ"
        assert berlin_time(berlin(2017, 6, 15, 12), "month") == "Juni 2017"
        assert berlin_time(berlin(2017, 3, 15, 12), "day") == "15. März 2017"
