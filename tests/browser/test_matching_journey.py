"""An investor finds a match, asks for an introduction, the startup accepts, both see each other's contact."""

import pytest
from playwright.sync_api import expect

from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"


def log_in(page, base, email):
    page.context.clear_cookies()
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", level=1, name="My account").wait_for()


def test_investor_requests_startup_accepts_both_see_contacts(page, live_server):
    topic = TopicFactory(slug="energy", name_en="Energy", name_de="Energie")
    hub = HubFactory(slug="hamburg", name="Hamburg")
    founder = UserFactory(account_type="startup", email="gruenderin@example.org", first_name="Greta")
    StartupFactory(
        owner=founder,
        name="Netzwerk Energie",
        topics=[topic],
        hub=hub,
        contact_email="hallo@netzwerk-energie.example.org",
    )
    StartupFactory(name="Fernab", stage="growth", funding_sought=90_000_000)
    investor = InvestorProfileFactory(
        user=UserFactory(account_type="investor", email="anna@kapital.example.org", first_name="Anna"),
        organisation="Nordkapital",
    )
    investor.topics.set([topic])
    investor.hubs.set([hub])
    base = live_server.url

    log_in(page, base, investor.user.email)
    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Matches").click()
    page.get_by_role("heading", level=1, name="Startups matching your profile").wait_for()
    cards = page.get_by_role("listitem").filter(has=page.get_by_role("heading", level=3))
    assert cards.first.get_by_role("link").inner_text() == "Netzwerk Energie"
    cards.first.get_by_text("Why this match").click()
    expect(cards.first.get_by_text("1 shared topic.")).to_be_visible()
    cards.first.get_by_role("link", name="Netzwerk Energie").click()
    page.get_by_role("heading", level=1, name="Netzwerk Energie").wait_for()
    expect(page.get_by_role("heading", name="Your match")).to_be_visible()
    assert page.get_by_text("hallo@netzwerk-energie.example.org").count() == 0
    page.get_by_role("link", name="Request an introduction").click()
    page.get_by_label("Message").fill("Wir investieren in Energie-Startups in Hamburg.")
    page.get_by_role("button", name="Send request").click()
    page.get_by_role("heading", level=1, name="Introductions").wait_for()
    expect(page.get_by_role("button", name="Withdraw")).to_be_visible()

    log_in(page, base, founder.email)
    expect(page.get_by_text("1 request to answer", exact=True)).to_be_visible()  # on the account page
    nav.get_by_role("link", name="Introductions (1 request to answer)").click()
    page.get_by_role("heading", level=1, name="Introductions").wait_for()
    expect(page.get_by_text("Wir investieren in Energie-Startups in Hamburg.")).to_be_visible()
    assert page.get_by_text("anna@kapital.example.org").count() == 0
    page.get_by_role("button", name="Accept").click()
    page.get_by_role("heading", level=2, name="Accepted introductions").wait_for()
    expect(page.get_by_role("link", name="anna@kapital.example.org")).to_be_visible()
    expect(nav.get_by_role("link", name="Introductions", exact=True)).to_be_visible()  # nothing left to answer

    log_in(page, base, investor.user.email)
    nav.get_by_role("link", name="Introductions", exact=True).click()
    expect(page.get_by_role("link", name="hallo@netzwerk-energie.example.org")).to_be_visible()
    page.get_by_role("link", name="Netzwerk Energie").first.click()
    page.get_by_role("heading", level=1, name="Netzwerk Energie").wait_for()
    expect(page.get_by_role("link", name="hallo@netzwerk-energie.example.org")).to_be_visible()
