"""Journey: a startup asks for advice, an advisor answers in the admin, the startup sees the reply."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from agency.models import AdviceRequest
from hubportal.admin.roles import staff_groups_ensure
from tests.factories import HubFactory, StartupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_startup_asks_advisor_answers_startup_sees_reply(page, live_server, log_in):
    groups = staff_groups_ensure()
    founder = UserFactory(account_type="startup", first_name="Fiona", last_name="Founder", language="en")
    StartupFactory(owner=founder, name="Logistikstart")
    HubFactory(name="Digital Hub Logistics")
    advisor = UserFactory(is_staff=True, first_name="Ada", last_name="Advisor", language="en")
    advisor.groups.add(groups["Advisor"])

    log_in(founder)
    page.goto(f"{live_server.url}/en/account/")
    page.get_by_role("link", name="Ask for advice").click()
    expect(page.get_by_role("heading", level=1, name="Ask for advice")).to_be_visible()
    page.get_by_label("Topic").select_option(label="Finding investors")
    page.get_by_label("Your question").fill("How do we find a lead investor for our seed round?")
    page.get_by_label("For which startup?").select_option(label="Logistikstart")
    page.get_by_label("Preferred hub").select_option(label="Digital Hub Logistics")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", level=1, name="Advice request: Finding investors")).to_be_visible()
    expect(page.get_by_text("No reply yet.")).to_be_visible()
    advice = AdviceRequest.objects.get()

    log_in(advisor)
    page.goto(f"{live_server.url}/en/admin/agency/advicerequest/")
    # The link names the requester, their startup, the topic and the date.
    page.get_by_role("link", name=re.compile(r"^Fiona Founder · .+ · Finding investors · ")).click()
    page.get_by_label("Advisor").select_option(label="Ada Advisor")
    page.locator("#id_replies-0-text").fill("We will introduce you to three seed funds next week.")
    page.locator("#id_notes-0-text").fill("Internal: check the cap table first.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    advice.refresh_from_db()
    assert advice.advisor == advisor and advice.status == AdviceRequest.Status.IN_PROGRESS
    page.goto(f"{live_server.url}/en/admin/agency/advicerequest/{advice.pk}/change/")
    history = page.locator("#activity-activity-content_type-object_id-group")
    expect(history.get_by_text("Reply sent to the requester")).to_be_visible()
    expect(history.get_by_text("Request received")).to_be_visible()

    log_in(founder)
    page.goto(f"{live_server.url}/en/account/")
    expect(page.get_by_text("In progress")).to_be_visible()
    page.get_by_role("link", name="Finding investors").click()
    expect(page.get_by_text("We will introduce you to three seed funds next week.")).to_be_visible()
    expect(page.get_by_text("check the cap table")).to_have_count(0)
    reply_mail = mail.outbox[-1]
    assert reply_mail.to == [founder.email] and "three seed funds" in reply_mail.body
    assert "cap table" not in reply_mail.body
