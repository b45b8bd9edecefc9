"""The match pages and the investor directory at 375px: the filter panel is closed behind the directory's
"Filter (n)" button (n = the active filters), opens with the keyboard, and axe finds nothing; on wide screens it is
open without the button."""

import pytest
from playwright.sync_api import expect

from hubs.models import Hub, Topic
from tests.factories import InvestorProfileFactory, StartupFactory, UserFactory

from .axe import AxeReport
from .keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def people(real_hubs):
    berlin, ai = Hub.objects.get(slug="berlin"), Topic.objects.get(slug="ai")
    founder = UserFactory(account_type="startup")
    StartupFactory(owner=founder, name="Alpha Logistik", hub=berlin, topics=[ai])
    StartupFactory(name="Beta Robotik", hub=berlin, topics=[ai])
    investor = InvestorProfileFactory(user=UserFactory(account_type="investor"), organisation="Nordkapital")
    investor.topics.set([ai])
    investor.hubs.set([berlin])
    return {"founder": founder, "investor": investor.user}


def open_filter_with_the_keyboard(page, name):
    toggle = page.get_by_role("button", name=name, exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    show = page.get_by_role("button", name="Show results")
    expect(show).to_be_hidden()
    assert page.locator("#results-heading").bounding_box()["y"] < 900, "the results do not follow the closed filter"
    Keyboard(page).tab_to("button.filter-toggle", most=30)
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(show).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#filter-body') !== null"), "Tab does not go into the filter"


@pytest.mark.parametrize(
    "who,path,name",
    [
        ("investor", "/en/matching/startups/?topic=ai&hub=berlin", "Filter (2)"),
        ("founder", "/en/matching/investors/?topic=ai", "Filter (1)"),
        ("founder", "/en/matching/investors/", "Filter"),
        ("founder", "/en/startups/investors/?topic=ai", "Filter (1)"),  # the investor directory
    ],
)
def test_match_filter_is_closed_on_phones_and_opens_with_the_keyboard(
    page, live_server, people, who, path, name, log_in
):
    log_in(people[who])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    axe = AxeReport(page)
    axe.check(f"{path} at 375px, filter closed", expand=False)
    open_filter_with_the_keyboard(page, name)
    axe.check(f"{path} at 375px, filter open")
    axe.assert_clean()

    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + path)
    expect(page.get_by_role("button", name="Show results")).to_be_visible()
    expect(page.locator(".filter-toggle")).to_be_hidden()
