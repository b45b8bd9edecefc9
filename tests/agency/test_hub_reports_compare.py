"""Hub reports across hubs: the comparison (table, chart, CSV), hub managers filing their own, the reminder."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from agency.comparison import comparison, quarters_between
from agency.models import HubReport, HubReportReminder
from agency.models.hubnews import previous_quarter
from agency.services import hub_report_reminders_send
from tests.factories import HubFactory, HubReportFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports():
    alpha, beta = HubFactory(name="Alpha Hub"), HubFactory(name="Beta Hub")
    HubReportFactory(hub=alpha, year=2025, quarter=4, jobs_created=10)
    HubReportFactory(hub=alpha, year=2026, quarter=1, jobs_created=15)
    HubReportFactory(hub=alpha, year=2026, quarter=2, jobs_created=12)
    HubReportFactory(hub=beta, year=2026, quarter=2, jobs_created=7)
    return alpha, beta


def test_comparison_has_trends_and_marks_missing_reports(reports):
    data = comparison(kpi="jobs_created", quarters=quarters_between((2026, 1), (2026, 2)))
    rows = {row["hub"].name: row["cells"] for row in data["rows"]}
    alpha, beta = rows["Alpha Hub"], rows["Beta Hub"]
    assert [(c.value, c.change, c.trend) for c in alpha] == [(15, 5, "up"), (12, -3, "down")]
    assert alpha[0].percent == 50.0
    assert beta[0].missing and (beta[1].value, beta[1].change) == (7, None)
    assert data["totals"] == [{"value": 15, "missing": 1}, {"value": 19, "missing": 0}]


def test_quarters_between_crosses_the_year():
    assert quarters_between((2025, 3), (2026, 2)) == [(2025, 3), (2025, 4), (2026, 1), (2026, 2)]


def test_compare_page_table_chart_and_csv(client, staff_user, reports, django_assert_max_num_queries):
    client.force_login(staff_user)
    url = reverse("admin:agency_hubreport_compare")
    query = {"kpi": "jobs_created", "first": "2026-1", "last": "2026-2"}
    response = client.get(url, query)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'role="img"' in html
        and 'aria-describedby="compare-table"' in html
        and "style=" not in html.split("content-main")[1]
    )
    assert html.count('<td class="report-missing">') == 1 and "▲ +5" in html
    csv = b"".join(client.get(url, {**query, "format": "csv"}).streaming_content).decode("utf-8-sig")
    lines = csv.strip().splitlines()
    assert len(lines) == 1 + 2 * 2
    assert any(line.startswith("Beta Hub,2026,Q1,,,") for line in lines)
    with django_assert_max_num_queries(12) as first:
        client.get(url, query)
    for index in range(5):
        HubReportFactory(hub=HubFactory(name=f"Hub {index}"), year=2026, quarter=1)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url, query)


def test_compare_refuses_a_reversed_range(client, staff_user):
    client.force_login(staff_user)
    response = client.get(
        "/de/admin/agency/hubreport/compare/", {"kpi": "attendees", "first": "2026-2", "last": "2025-1"}
    )
    assert "Das erste Quartal darf nicht nach dem letzten liegen." in response.content.decode()


def test_compare_is_for_agency_staff_only(client, staff_groups):
    manager = UserFactory(is_staff=True)
    manager.groups.add(staff_groups["Hub manager"])
    client.force_login(manager)
    assert client.get(reverse("admin:agency_hubreport_compare")).status_code == 404


@pytest.fixture
def managers(staff_groups):
    own, other = HubFactory(name="Eigener Hub"), HubFactory(name="Fremder Hub")
    result = {}
    for hub, name in ((own, "own"), (other, "other")):
        user = UserFactory(is_staff=True, language="de")
        user.groups.add(staff_groups["Hub manager"])
        hub.managers.add(user)
        result[name] = (user, hub)
    return result


def figures(hub, **extra):
    return {
        "hub": hub.pk,
        "period": "{}-{}".format(*previous_quarter()),
        "startups_supported": 5,
        "events_held": 2,
        "attendees": 80,
        "investments_raised": 100000,
        "jobs_created": 3,
        "comments": "",
        **extra,
    }


def test_hub_manager_files_and_corrects_their_own_report(client, managers):
    user, hub = managers["own"]
    client.force_login(user)
    url = reverse("admin:agency_hubreport_file")
    assert client.get(url).status_code == 200
    response = client.post(url, figures(hub))
    assert response.status_code == 302
    client.post(url, figures(hub, attendees=95))
    report = HubReport.objects.get()
    assert (report.hub, (report.year, report.quarter), report.attendees) == (hub, previous_quarter(), 95)
    assert report.submitted_by == user


def test_hub_manager_cannot_file_another_hubs_report(client, managers):
    user, _own = managers["own"]
    _other_user, other_hub = managers["other"]
    client.force_login(user)
    response = client.post(reverse("admin:agency_hubreport_file"), figures(other_hub))
    assert response.status_code == 200 and response.context["form"].errors["hub"]
    assert not HubReport.objects.exists()
    page = client.get(reverse("admin:agency_hubreport_file"), {"hub": other_hub.slug}).content.decode()
    assert "Fremder Hub" not in page


def test_hub_report_service_refuses_a_foreign_hub(managers):
    from agency.services import hub_report_file
    from hubportal.errors import ServiceError

    user, _own = managers["own"]
    _other_user, other_hub = managers["other"]
    with pytest.raises(ServiceError):
        hub_report_file(hub=other_hub, year=2026, quarter=2, figures={"attendees": 1}, user=user)


def test_reminder_goes_once_in_the_week_before_the_deadline(managers):
    own_user, own_hub = managers["own"]
    other_user, other_hub = managers["other"]
    HubReportFactory(hub=other_hub, year=2026, quarter=2)  # filed: no reminder
    assert hub_report_reminders_send(today=date(2026, 7, 1)) == 0  # too early
    assert hub_report_reminders_send(today=date(2026, 7, 10)) == 1
    assert hub_report_reminders_send(today=date(2026, 7, 11)) == 0  # already reminded
    assert HubReportReminder.objects.count() == 1
    (message,) = [m for m in mail.outbox if "Eigener Hub" in m.subject]
    assert message.to == [own_user.email]
    assert "Erinnerung" in message.subject and "15. Juli 2026" in message.body
    assert f"/de/admin/agency/hubreport/file/?hub={own_hub.slug}&quarter=2026-2" in message.body
    assert not any(other_user.email in m.to for m in mail.outbox)


def test_reminder_speaks_english_to_english_managers(managers):
    user, _hub = managers["own"]
    user.language = "en"
    user.save()
    hub_report_reminders_send(today=date(2026, 7, 14))
    (message,) = [m for m in mail.outbox if m.to == [user.email]]
    assert message.subject.endswith("Reminder: the report of Eigener Hub for 2026 Q2") and "/en/admin/" in message.body


def test_reminders_run_daily_from_the_scheduler():
    from hubportal.scheduler import registry

    job = {job.name: job for job in registry.jobs()}["send_hub_report_reminders"]
    assert job.daily_at is not None
