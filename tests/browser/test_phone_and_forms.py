"""Phones and forms: the menu button at 375px (keyboard, screen reader state, without scripts), the directory's
"Filter (n)" disclosure, the error summary that takes the focus after a failed submit, and axe at 375px."""

import pytest
from playwright.sync_api import expect

from hubs.models import Hub, Topic
from tests.factories import EventFactory, StartupFactory

from .axe import AxeReport
from .keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}
WIDE = {"width": 1280, "height": 800}


@pytest.fixture
def content(real_hubs):
    berlin = Hub.objects.get(slug="berlin")
    StartupFactory(name="Alpha Logistik", slug="alpha-logistik", hub=berlin, topics=[Topic.objects.get(slug="ai")])
    EventFactory(title="Pitch-Abend", slug="pitch-abend", hub=berlin)


def test_menu_button_opens_and_closes_the_navigation_with_the_keyboard(page, live_server, content):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/startups/")
    nav = page.get_by_role("navigation", name="Main navigation")
    button = page.get_by_role("button", name="Menu")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(nav.get_by_role("link", name="Events")).to_be_hidden()
    header = page.locator(".site-header").bounding_box()
    assert header["height"] < 110, header  # one row: brand, language switch and the button

    Keyboard(page).tab_to("button[aria-controls=main-nav]", most=10)
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(nav.get_by_role("link", name="Events")).to_be_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#main-nav') !== null"), "Tab does not go into the menu"
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(nav.get_by_role("link", name="Events")).to_be_hidden()
    page.keyboard.press("Space")
    expect(button).to_have_attribute("aria-expanded", "true")

    page.set_viewport_size({"width": 1280, "height": 800})
    expect(button).to_be_hidden()
    expect(nav.get_by_role("link", name="Events")).to_be_visible()


def test_menu_works_without_scripts(browser, live_server, content):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/de/")
        nav = page.get_by_role("navigation", name="Hauptnavigation")
        expect(nav.get_by_role("link", name="Veranstaltungen")).to_be_hidden()
        page.get_by_role("link", name="Menü").click()
        expect(nav.get_by_role("link", name="Veranstaltungen")).to_be_visible()
        nav.get_by_role("link", name="Startups").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Startup-Verzeichnis")
        # The filter panel opens by its link, without scripts too.
        expect(page.get_by_role("button", name="Ergebnisse anzeigen")).to_be_hidden()
        page.get_by_role("link", name="Filter", exact=True).click()
        expect(page.get_by_role("button", name="Ergebnisse anzeigen")).to_be_visible()

        # On wide screens the filter is open beside the results, in every browser (no ::details-content needed).
        page.set_viewport_size(WIDE)
        page.goto(f"{live_server.url}/de/startups/")
        expect(page.get_by_role("button", name="Ergebnisse anzeigen")).to_be_visible()
        expect(page.get_by_role("link", name="Filter", exact=True)).to_be_hidden()
    finally:
        context.close()


def test_directory_filter_is_collapsed_on_phones_and_counts_active_filters(page, live_server, content):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/en/startups/?topic=ai&hub=berlin")
    toggle = page.get_by_role("button", name="Filter (2)")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    show = page.get_by_role("button", name="Show results")
    expect(show).to_be_hidden()
    results = page.locator("#results-heading").bounding_box()
    assert results["y"] < 900, "the results do not come right after the collapsed filter"
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(show).to_be_visible()
    toggle.click()
    expect(show).to_be_hidden()

    page.set_viewport_size(WIDE)
    page.goto(f"{live_server.url}/en/startups/")
    expect(page.get_by_role("button", name="Show results")).to_be_visible()
    expect(page.get_by_role("group", name="Topics").or_(page.locator("#id_topic"))).to_be_visible()


@pytest.mark.parametrize("lang,title,label", [("de", "Fehler:", "E-Mail"), ("en", "Error:", "Email")])
def test_error_summary_takes_the_focus_and_links_to_the_fields(page, live_server, content, lang, title, label):
    page.goto(f"{live_server.url}/{lang}/accounts/signup/")
    page.locator("input[name=email]").fill("kein-at-zeichen")
    page.locator("form.form").last.evaluate("form => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator("form.form [type=submit]").last.click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.title().startswith(title + " "), page.title()
    link = summary.get_by_role("link", name=label)
    expect(link.first).to_be_visible()
    link.first.click()
    expect(page.locator("input[name=email]")).to_be_focused()


@pytest.mark.parametrize("lang", ["de", "en"])
def test_public_pages_have_no_violations_at_375_pixels(page, live_server, content, lang):
    page.set_viewport_size(PHONE)
    base = f"{live_server.url}/{lang}"
    axe = AxeReport(page)
    for path in [
        "/",
        "/hubs/",
        "/hubs/berlin/",
        "/startups/",
        "/startups/?topic=ai",
        "/startups/alpha-logistik/",
        "/events/",
        "/events/pitch-abend/",
        "/accounts/login/",
        "/accounts/signup/",
    ]:
        axe.visit(base + path, f"{path} at 375px")
    page.goto(base + "/startups/")
    page.locator("button.filter-toggle").click()
    page.locator("[aria-controls=main-nav]").click()
    axe.check("/startups/ at 375px, menu and filter open")
    page.goto(base + "/accounts/login/")
    with page.expect_navigation():
        page.locator("form.form").last.evaluate("form => { form.noValidate = true; form.requestSubmit(); }")
    axe.check("/accounts/login/ at 375px, sent empty")
    axe.assert_clean()
