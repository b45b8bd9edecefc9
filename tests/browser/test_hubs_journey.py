import re

import pytest
from playwright.sync_api import expect

from hubs.services import hubs_load_real_data

pytestmark = pytest.mark.browser


@pytest.fixture
def live_hubs(transactional_db):
    hubs_load_real_data()


def test_visitor_goes_from_home_to_a_hub_and_switches_to_english(page, live_server, live_hubs):
    page.goto(f"{live_server.url}/de/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("banner").get_by_role("link", name="Hubs", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/hubs/$"))
    results = page.get_by_role("region", name=re.compile("Results|Ergebnisse"))
    results.get_by_role("link", name="Karlsruhe", exact=True).click()
    expect(page).to_have_url(re.compile(r"/de/hubs/karlsruhe/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Karlsruhe")
    expect(page.get_by_role("main")).to_contain_text("Künstliche Intelligenz")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en/hubs/karlsruhe/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Karlsruhe")
    expect(page.get_by_role("main")).to_contain_text("Artificial Intelligence")


def test_map_dots_are_keyboard_reachable_links(page, live_server, live_hubs):
    page.goto(f"{live_server.url}/en/hubs/")
    figure = page.get_by_role("figure")
    link = figure.get_by_role("link", name="Hamburg")
    link.focus()
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/en/hubs/hamburg/$"))


def test_hub_list_filters_by_topic_through_the_form(page, live_server, live_hubs):
    page.goto(f"{live_server.url}/en/hubs/")
    filters = page.get_by_role("search", name="Filter hubs")
    filters.get_by_label("Topic").select_option(label="Logistics")
    filters.get_by_role("button", name="Show hubs").click()
    expect(page).to_have_url(re.compile(r"topic=logistics"))
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text(re.compile(r"2 hubs found"))
    results = page.get_by_role("region", name="Results")
    expect(results.get_by_role("heading", level=3)).to_have_text(["Dortmund", "Hamburg"])
    expect(filters.get_by_label("Topic")).to_have_value("logistics")
    page.get_by_role("link", name="Reset filters").click()
    expect(page.get_by_role("status").filter(has_text="found")).to_have_text(re.compile(r"13 hubs found"))
