"""A startup founder filters both directories, saves the searches by name, finds them in the list and reopens them."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

from .test_matching_journey import log_in

pytestmark = pytest.mark.browser


def test_founder_saves_and_reopens_filtered_directory_searches(page, live_server):
    energy = TopicFactory(slug="energy", name_en="Energy", name_de="Energie")
    TopicFactory(slug="health", name_en="Health", name_de="Gesundheit")
    founder = UserFactory(account_type="startup", email="gruenderin@example.org", first_name="Greta")
    StartupFactory(owner=founder, name="Netzwerk Energie", topics=[energy])
    StartupFactory(name="Pflegeblick")
    InvestorProfileFactory(organisation="Engelskapital", investor_type="business_angel")
    InvestorProfileFactory(organisation="Großfonds", investor_type="vc")
    base = live_server.url

    log_in(page, base, founder.email)
    page.goto(f"{base}/en/startups/")
    page.get_by_role("checkbox", name="Energy").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("heading", level=2, name="1 startup")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Energie-Startups")
    page.get_by_label("Digest mail").select_option(label="Daily")
    page.get_by_role("button", name="Save search").click()

    page.get_by_role("heading", level=1, name="Saved searches").wait_for()
    expect(page.get_by_text("Your search is saved.")).to_be_visible()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Energie-Startups"))
    expect(card.get_by_text("Startup directory")).to_be_visible()
    expect(card.get_by_text("Daily")).to_be_visible()

    # The same name again: the form comes back with the error and what was typed.
    page.goto(f"{base}/en/startups/?topic=health")
    page.get_by_label("Name", exact=True).fill("Energie-Startups")
    page.get_by_role("button", name="Save search").click()
    page.get_by_role("heading", level=1, name="Save search").wait_for()
    expect(page.get_by_text("You already have a saved search with this name.", exact=True)).to_be_visible()
    expect(page.get_by_label("Name", exact=True)).to_have_value("Energie-Startups")
    page.get_by_role("link", name="Back to the directory").click()
    page.get_by_role("heading", level=1, name="Startup directory").wait_for()
    expect(page.get_by_role("checkbox", name="Health")).to_be_checked()

    page.goto(f"{base}/en/matching/searches/")
    page.get_by_role("link", name="Energie-Startups").click()
    page.get_by_role("heading", level=1, name="Startup directory").wait_for()
    assert page.url.endswith("/en/startups/?topic=energy&sort=newest"), page.url  # no empty fields; the sort shown
    expect(page.get_by_role("checkbox", name="Energy")).to_be_checked()
    expect(page.get_by_role("heading", level=2, name="1 startup")).to_be_visible()
    expect(page.get_by_role("link", name="Netzwerk Energie")).to_be_visible()
    expect(page.get_by_role("link", name="Pflegeblick")).to_have_count(0)

    # The investor directory: an investor search, opened from the list in the investor directory.
    page.goto(f"{base}/en/startups/investors/")
    page.get_by_role("checkbox", name="Business angel").check()
    page.get_by_role("button", name="Show results").click()
    expect(page.get_by_role("heading", level=2, name="1 investor")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Business Angels")
    page.get_by_role("button", name="Save search").click()
    page.get_by_role("heading", level=1, name="Saved searches").wait_for()
    card = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Business Angels"))
    expect(card.get_by_text("Investor directory")).to_be_visible()
    card.get_by_role("link", name="Business Angels").click()
    page.get_by_role("heading", level=1, name="Investor directory").wait_for()
    expect(page.get_by_role("checkbox", name="Business angel")).to_be_checked()
    expect(page.get_by_role("link", name=re.compile("Engelskapital"))).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Großfonds"))).to_have_count(0)
