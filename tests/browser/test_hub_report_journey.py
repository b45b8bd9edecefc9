"""Journey: a hub manager follows "My work" to the self-service form and files the hub's quarterly report; the agency
compares the hubs. axe checks the new admin pages (the dashboard, the comparison, the form and its errors)."""

import pytest
from playwright.sync_api import expect

from agency.models import HubReport
from agency.models.hubnews import previous_quarter
from hubportal.admin.roles import staff_groups_ensure
from tests.factories import HubFactory, HubReportFactory, StartupFactory, UserFactory

from .axe import AxeReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hub_manager_files_the_report_from_my_work(page, live_server, log_in):
    groups = staff_groups_ensure()
    hub = HubFactory(name="Digital Hub Nord")
    HubFactory(name="Digital Hub Süd")
    manager = UserFactory(is_staff=True, first_name="Mona", last_name="Manager", language="en")
    manager.groups.add(groups["Hub manager"])
    hub.managers.add(manager)
    year, quarter = previous_quarter()
    axe = AxeReport(page)

    log_in(manager)
    page.goto(f"{live_server.url}/en/admin/")
    my_work = page.get_by_role("region", name="My work")
    link = my_work.get_by_role("link", name=f"1 hub reports for {year} Q{quarter} to file")
    expect(link).to_be_visible()
    link.click()
    expect(page.get_by_role("heading", level=1, name="File a hub report")).to_be_visible()
    hub_choices = page.get_by_label("Hub").locator("option")
    expect(hub_choices).to_have_count(1)  # only the manager's own hub
    expect(hub_choices).to_have_text(["Digital Hub Nord"])
    page.get_by_label("Startups supported").fill("-3")
    page.get_by_role("button", name="Save report").click()
    expect(page).to_have_title("Error: File a hub report | Hubportal")
    axe.check("hub report form with errors")

    page.get_by_label("Startups supported").fill("14")
    page.get_by_label("Events held").fill("5")
    page.get_by_label("Attendees").fill("230")
    page.get_by_label("Investments raised (EUR)").fill("1500000")
    page.get_by_label("Jobs created").fill("21")
    page.get_by_role("button", name="Save report").click()
    expect(page.locator(".messagelist")).to_contain_text("has been saved")
    axe.check("hub report form after saving")
    report = HubReport.objects.get()
    assert (report.hub, report.year, report.quarter, report.attendees) == (hub, year, quarter, 230)

    page.goto(f"{live_server.url}/en/admin/")
    expect(
        page.get_by_role("region", name="My work").get_by_role("link", name=f"hub reports for {year}")
    ).to_have_count(0)
    axe.assert_clean()


def test_agency_compares_the_hubs_and_reads_the_dashboard(page, live_server, log_in):
    staff = UserFactory(is_staff=True, is_superuser=True, language="en")
    north, south = HubFactory(name="Digital Hub Nord"), HubFactory(name="Digital Hub Süd")
    year, quarter = previous_quarter()
    HubReportFactory(hub=north, year=year, quarter=quarter, jobs_created=12)
    HubReportFactory(hub=south, year=year, quarter=quarter, jobs_created=4)
    StartupFactory(hub=north)
    axe = AxeReport(page)

    log_in(staff)
    page.goto(f"{live_server.url}/en/admin/")
    page.get_by_role("link", name="Dashboard: the figures of a month, quarter or year").click()
    expect(page.get_by_role("heading", level=1, name="Dashboard")).to_be_visible()
    axe.check("dashboard")
    page.get_by_label("Period").select_option(label="From – to")
    page.get_by_label("From", exact=True).fill("2026-05-01")
    page.get_by_label("To", exact=True).fill("2026-04-01")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_contain_text("The period must not end before it starts.")
    axe.check("dashboard with a wrong period")

    page.get_by_role("link", name="Compare the hubs' figures").click()
    page.get_by_label("Key figure").select_option(label="jobs created")
    page.get_by_role("button", name="Show").click()
    table = page.get_by_role("table", name="jobs created: the figures, with the change against the quarter before")
    expect(table.get_by_role("row", name="Digital Hub Nord")).to_contain_text("12")
    expect(page.get_by_role("img", name="jobs created per hub and quarter")).to_be_visible()
    axe.check("hub comparison")
    axe.assert_clean()
