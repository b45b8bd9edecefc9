"""The API documentation page works in a browser under our Content-Security-Policy, with local assets only."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_api_docs_render_the_resources_without_csp_violations(page, live_server):
    page.goto(f"{live_server.url}/api/v1/docs/")

    expect(page.get_by_text("Hubportal open data API").first).to_be_visible()
    expect(page.locator("#operations-startups-startups_list")).to_be_visible()
    # The page fixture fails the test on any CSP violation or request to another host.
