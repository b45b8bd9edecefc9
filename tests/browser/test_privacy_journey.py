"""A person downloads their data, deletes their account, and is gone: in a real browser."""

import json
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from hubportal.users.models import User
from startups.models import Startup
from tests.factories import StartupFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "correct-horse-battery"  # UserFactory's


def log_in(page, base, email, password):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()


def test_download_my_data_then_delete_my_account(page, live_server):
    user = UserFactory(email="bea@example.org", first_name="Bea", last_name="Beispiel", language="en")
    StartupFactory(owner=user, name="Bea Solo")
    log_in(page, live_server.url, user.email, PASSWORD)
    page.get_by_role("heading", level=1, name="My account").wait_for()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("hubportal-data-")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["account"]["email"] == "bea@example.org"
    assert [s["name"] for s in data["startups"]] == ["Bea Solo"]

    page.get_by_role("link", name="Delete account").click()
    expect(page.get_by_role("heading", level=1, name="Delete account")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("Bea Solo")).to_be_visible()
    page.get_by_label("Your current password").fill("not-my-password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("This password is not correct. Your account was not deleted.", exact=True)).to_be_visible()
    assert User.objects.filter(email="bea@example.org").exists()

    page.get_by_label("Your current password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()

    expect(page.get_by_role("heading", level=1, name="Your account has been deleted")).to_be_visible()
    nav = page.get_by_role("navigation", name="Main navigation")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("link", name="My account")).to_have_count(0)
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid" and c["value"]]
    assert not User.objects.filter(email="bea@example.org").exists()
    assert not Startup.objects.filter(name="Bea Solo").exists()
    assert mail.outbox[-1].to == ["bea@example.org"]

    page.goto(f"{live_server.url}/en/account/")
    assert "/en/accounts/login/" in page.url
    log_in(page, live_server.url, "bea@example.org", PASSWORD)
    expect(page.get_by_role("alert")).to_be_visible()
    assert "/en/accounts/login/" in page.url
