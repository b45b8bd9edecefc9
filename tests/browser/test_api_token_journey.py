"""A verified investor's personal API token in a real browser: created on the account page, shown once, used with
the API (where it opens the verified investors' fields), gone from every page afterwards, revoked: then a 401."""

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from hubportal.users.models import ApiToken
from tests.factories import InvestorProfileFactory, StartupFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"  # tests/factories.py's UserFactory
STARTUP = "/api/v1/startups/alpha-logistik/"


@pytest.fixture
def investor():
    StartupFactory(name="Alpha Logistik", slug="alpha-logistik", funding_sought=500_000)
    return InvestorProfileFactory(user__email="investor@example.org").user


def api_get(page, base, token=None):
    """A GET of the startup from the page's own request context (it also sends the session cookie)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return page.request.get(f"{base}{STARTUP}", headers=headers)


def test_create_use_and_revoke_a_token(page, live_server, investor):
    base = live_server.url
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(investor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", level=1, name="My account").wait_for()

    page.get_by_role("link", name="Create an API token").click()
    page.get_by_label("Name of the token").fill("CRM import")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1, name="Your new API token")).to_be_visible()
    token = page.get_by_test_id("api-token").input_value()
    assert token.startswith("hp_")

    # The token opens what verified investors see; the session cookie alone opens nothing.
    with_token = api_get(page, base, token)
    assert with_token.status == 200 and with_token.json()["funding_sought"] == 500_000
    assert "funding_sought" not in api_get(page, base).json()

    # Shown once: neither the account page, nor a reload of it, nor going back shows the token again.
    page.get_by_role("link", name="Back to my account").click()
    row = ApiToken.objects.get(user=investor)
    expect(page.get_by_test_id("api-tokens")).to_contain_text(row.prefix)
    assert token not in page.content()
    page.reload()
    assert token not in page.content()
    page.go_back()  # to the answer to the POST: the browser sends the form again, which is refused
    expect(page.get_by_text("Nothing was created.")).to_be_visible()
    assert token not in page.content()
    assert ApiToken.objects.filter(user=investor).count() == 1
    page.goto(f"{base}/en/account/")

    page.get_by_role("button", name="Revoke the token CRM import").click()
    expect(page.get_by_text("The token “CRM import” was revoked.")).to_be_visible()
    expect(page.get_by_text("You have no API token.")).to_be_visible()
    revoked = api_get(page, base, token)
    assert revoked.status == 401
    assert revoked.headers["content-type"].startswith("application/problem+json")
    assert ApiToken.objects.filter(user=investor, revoked_at__isnull=False).count() == 1


def test_token_forms_open_in_two_tabs_both_create_a_token(page, live_server, investor, log_in):
    log_in(investor)
    with translation.override("en"):
        url = live_server.url + reverse("users:api_token_create")
    other_tab = page.context.new_page()
    page.goto(url)
    other_tab.goto(url)

    for tab, name in [(page, "Earlier tab"), (other_tab, "Later tab")]:
        tab.get_by_label("Name of the token").fill(name)
        tab.get_by_role("button", name="Create token").click()
        expect(tab.get_by_role("heading", level=1, name="Your new API token")).to_be_visible()

    assert sorted(ApiToken.objects.filter(user=investor).values_list("name", flat=True)) == ["Earlier tab", "Later tab"]
    other_tab.close()
