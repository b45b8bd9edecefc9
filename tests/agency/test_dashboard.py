from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from agency.dashboard import bars
from agency.services import advice_request_assign
from tests.factories import (
    AdviceRequestFactory,
    EventFactory,
    HubFactory,
    InvestorProfileFactory,
    RegistrationFactory,
    StartupFactory,
    TopicFactory,
    UserFactory,
)


def table(chart):
    return {row["label"]: row["value"] for row in chart["rows"]}


@pytest.fixture
def known_data(db):
    berlin, hamburg = HubFactory(name="Berlin Hub"), HubFactory(name="Hamburg Hub")
    fintech, iot = TopicFactory(name_de="FinTech", name_en="FinTech"), TopicFactory(name_de="IoT", name_en="IoT")
    StartupFactory.create_batch(3, hub=berlin, topics=[fintech], stage="seed")
    StartupFactory(hub=hamburg, topics=[fintech, iot], stage="idea")
    StartupFactory(hub=hamburg, status="submitted", published_at=None)
    StartupFactory(hub=hamburg, status="draft", published_at=None)
    InvestorProfileFactory(is_verified=False)
    InvestorProfileFactory()
    past = EventFactory(
        starts_at=timezone.now() - timedelta(days=3), ends_at=timezone.now() - timedelta(days=3, hours=-2)
    )
    RegistrationFactory.create_batch(3, event=past, status="confirmed", checked_in_at=timezone.now())
    RegistrationFactory(event=past, status="confirmed")
    RegistrationFactory(event=EventFactory(), status="confirmed")
    advisor = UserFactory(is_staff=True, first_name="Ada", last_name="Advisor")
    for advice in AdviceRequestFactory.create_batch(2):
        advice_request_assign(request=advice, advisor=advisor, actor=advisor)
    AdviceRequestFactory()
    AdviceRequestFactory(status="closed", outcome="resolved")
    return {"berlin": berlin}


def test_bars_scale_to_the_largest_value():
    rows = bars([("a", 4), ("b", 1), ("c", 0)])
    assert [r["percent"] for r in rows] == [100.0, 25.0, 0.0]
    assert bars([]) == []


@pytest.mark.django_db
def test_dashboard_figures_match_the_factory_data(client, staff_user, known_data):
    client.force_login(staff_user)
    response = client.get(reverse("admin:dashboard"))
    assert response.status_code == 200
    startups = response.context["startups"]
    charts = {c["id"]: c for c in startups["charts"]}
    assert table(charts["chart-hub"]) == {"Berlin Hub": 3, "Hamburg Hub": 1}
    assert table(charts["chart-topic"]) == {"FinTech": 4, "IoT": 1}
    stage = table(charts["chart-stage"])
    assert stage["Seed"] == 3 and stage["Idee"] == 1 and sum(stage.values()) == 4
    assert sum(table(charts["chart-trend"]).values()) == 6
    assert startups["moderation_queue"] == 1
    assert startups["verification_queue"] == 1

    events = response.context["events"]
    assert (events["confirmed"], events["past_confirmed"], events["past_attended"]) == (5, 4, 3)
    assert events["attendance_rate"] == 75

    advice = response.context["advice"]
    assert advice["open"] == 3
    assert table(advice["chart"]) == {"Ada Advisor": 2, "Nicht zugewiesen": 1} or table(advice["chart"]) == {
        "Ada Advisor": 2,
        "Not assigned": 1,
    }
    assert len(response.context["reports"]["missing"]) == 2  # no hub has reported

    html = response.content.decode()
    assert "<svg" in html and 'id="chart-hub-table"' in html and "style=" not in html.split("agency-dashboard")[1]
    assert 'id="content-main"' in html  # the app list is still there


@pytest.mark.django_db
def test_dashboard_query_count_does_not_grow_with_data(client, staff_user, known_data, django_assert_max_num_queries):
    client.force_login(staff_user)
    with django_assert_max_num_queries(30) as first:
        client.get(reverse("admin:dashboard"))
    StartupFactory.create_batch(5, hub=known_data["berlin"])
    AdviceRequestFactory.create_batch(5)
    RegistrationFactory.create_batch(5)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("admin:dashboard"))


@pytest.mark.django_db
def test_dashboard_sections_follow_permissions(client, staff_groups, known_data):
    editor = UserFactory(is_staff=True)
    editor.groups.add(staff_groups["Event manager"])
    client.force_login(editor)
    context = client.get(reverse("admin:dashboard")).context
    assert "events" in context and "startups" not in context and "advice" not in context and "reports" not in context


@pytest.mark.django_db
def test_empty_dashboard_renders(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:dashboard"))
    assert response.status_code == 200 and response.context["events"]["attendance_rate"] is None


def test_dashboard_shows_the_introduction_funnel(client, staff_user):
    from tests.factories import IntroductionFactory

    IntroductionFactory.create_batch(2, status="accepted", decided_at=timezone.now())
    IntroductionFactory(status="declined", decided_at=timezone.now())
    IntroductionFactory()  # pending
    client.force_login(staff_user)
    intros = client.get(reverse("admin:dashboard")).context["intros"]
    assert (intros["requested"], intros["accepted"], intros["declined"], intros["pending"]) == (4, 2, 1, 1)
    assert intros["rate"] == 50


@pytest.mark.django_db
def test_dashboard_counts_only_the_chosen_period(client, staff_user):
    old = StartupFactory()
    Startup = type(old)
    Startup.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=800))
    StartupFactory.create_batch(2)
    client.force_login(staff_user)
    this_month = client.get(reverse("admin:dashboard"), {"period": "month"}).context["startups"]
    assert this_month["created"] == 2
    start = (timezone.localdate() - timedelta(days=900)).isoformat()
    custom = client.get(
        reverse("admin:dashboard"), {"period": "custom", "start": start, "end": timezone.localdate().isoformat()}
    ).context["startups"]
    assert custom["created"] == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "error"),
    [
        ({"period": "custom", "start": "2026-05-01"}, "Bitte geben Sie beide Daten des Zeitraums an."),
        (
            {"period": "custom", "start": "2026-05-01", "end": "2026-04-01"},
            "Der Zeitraum darf nicht vor seinem Beginn enden.",
        ),
        (
            {"period": "custom", "start": "2020-01-01", "end": "2026-04-01"},
            "Bitte wählen Sie einen Zeitraum von höchstens drei Jahren.",
        ),
    ],
)
def test_period_selector_refuses_bad_dates_in_german(client, staff_user, query, error):
    client.force_login(staff_user)
    response = client.get("/de/admin/dashboard/", query, HTTP_ACCEPT_LANGUAGE="de")
    html = response.content.decode()
    assert response.status_code == 200 and error in html and "<title>Fehler:" in html
    period = response.context["period"]
    assert period.first.month in (1, 4, 7, 10) and period.first.day == 1  # the current quarter instead


def test_period_of_each_kind():
    from datetime import date

    from hubportal.admin.period import period_of

    today = date(2026, 11, 17)
    assert (period_of("month", today).first, period_of("month", today).last) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (period_of("quarter", today).first, period_of("quarter", today).last) == (
        date(2026, 10, 1),
        date(2026, 12, 31),
    )
    assert (period_of("year", today).first, period_of("year", today).last) == (date(2026, 1, 1), date(2026, 12, 31))
    assert len(period_of("year", today).month_starts()) == 12
