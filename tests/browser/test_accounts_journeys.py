"""Journeys through the account pages in a real browser, found by role and label."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from hubportal.users.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-secret-42"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def link_from_last_mail(pattern):
    match = re.search(pattern, mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(0)


def log_in(page, base, email, password):
    page.goto(f"{base}/en/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", level=1, name="My account").wait_for()


def test_sign_up_confirm_log_out_and_log_in(page, live_server):
    # A company account lands on the account page (founders and investors are led to their
    # profile forms instead: see tests/browser/test_startups_journeys.py).
    page.goto(f"{live_server.url}/en/accounts/signup/?as=organisation")
    assert page.get_by_label("Company or organisation").is_checked()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    page.get_by_role("heading", level=1).wait_for()
    assert "/en/accounts/confirm-email/" in page.url
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    link = link_from_last_mail(r"http://\S+/en/accounts/confirm-email/\S+/")

    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", level=1, name="My account").wait_for()
    assert page.get_by_text("Confirmed", exact=True).is_visible()
    user = User.objects.get(email="ada@example.org")
    assert user.account_type == "organisation"

    page.get_by_role("button", name="Log out").click()
    page.get_by_role("link", name="Log in").wait_for()

    log_in(page, live_server.url, "ada@example.org", PASSWORD)
    assert page.get_by_role("link", name="My account").get_attribute("aria-current") == "page"


def test_sign_up_over_the_rate_limit_keeps_what_was_typed(page, live_server, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/m/ip"}
    # Someone else on the same network signed up a moment ago.
    first = {"account_type": "startup", "first_name": "Grace", "last_name": "Hopper", "email": "grace@example.org"}
    first.update(password1=PASSWORD, password2=PASSWORD)
    assert Client().post("/en/accounts/signup/", first).status_code == 302

    page.goto(f"{live_server.url}/en/accounts/signup/")
    page.get_by_label("Investor").check()
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Lovelace")
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    with page.expect_response(lambda response: response.request.method == "POST") as limited:
        page.get_by_role("button", name="Create account").click()
    assert limited.value.status == 429

    alert = page.get_by_role("alert")
    assert "Too many attempts in a short time. Please wait" in alert.inner_text()
    assert "please enter your password again" in alert.inner_text()
    assert page.get_by_label("Investor").is_checked()
    assert page.get_by_label("First name").input_value() == "Ada"
    assert page.get_by_label("Last name").input_value() == "Lovelace"
    assert page.get_by_label("Email").input_value() == "ada@example.org"
    assert page.get_by_label("Password", exact=True).input_value() == ""
    assert not User.objects.filter(email="ada@example.org").exists()

    cache.clear()  # the minute has passed
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/en/accounts/confirm-email/" in page.url
    user = User.objects.get(email="ada@example.org")
    assert (user.first_name, user.last_name, user.account_type) == ("Ada", "Lovelace", "investor")


def test_password_reset_journey(page, live_server):
    UserFactory(email="grace@example.org", language="en")

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("grace@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    page.get_by_role("heading", level=1, name="Password Reset").wait_for()
    link = link_from_last_mail(r"http://\S+/en/accounts/password/reset/key/\S+/")

    page.goto(link)
    page.get_by_label("New Password", exact=True).fill("another-secret-4711")
    page.get_by_label("New Password (again)").fill("another-secret-4711")
    page.get_by_role("button", name="Change Password").click()
    page.get_by_role("heading", level=1).wait_for()
    assert "/en/accounts/password/reset/key/done/" in page.url

    log_in(page, live_server.url, "grace@example.org", "another-secret-4711")


def test_wrong_password_shows_an_error_on_the_login_page(page, live_server):
    UserFactory(email="wrong@example.org")

    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Email").fill("wrong@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("Email").input_value() == "wrong@example.org"


def test_public_pages_request_nothing_from_other_hosts(page, live_server, real_hubs):
    for path in ("/de/", "/de/hubs/", "/en/accounts/login/", "/en/accounts/signup/", "/en/privacy/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert page.foreign_requests == []


def test_the_guard_records_and_blocks_a_foreign_request(page, live_server):
    """Proves the `page` fixture's guard works: pages that load images from other hosts. (On the portal's own
    pages the Content-Security-Policy blocks such a request before it is sent: tests/security/test_csp.py.)"""
    page.goto('data:text/html,<h1>x</h1><img src="http://example.com/x.png" alt="">')
    page.wait_for_timeout(300)
    other_port = "http://127.0.0.1:9/z.png" if "localhost" in live_server.url else "http://localhost:9/z.png"
    page.evaluate(
        """(src) => { const img = document.createElement("img"); img.src = src; document.body.append(img); }""",
        other_port,
    )
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)

    recorded = list(page.foreign_requests)
    page.foreign_requests.clear()  # the fixture would fail this test otherwise
    assert recorded == ["http://example.com/x.png", other_port]


def test_language_switch_in_the_browser_keeps_the_page(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/signup/?as=startup")
    page.get_by_role("link", name="Deutsch").click()
    page.wait_for_url(re.compile(r"/de/accounts/signup/\?as=startup$"))
    assert page.locator("html").get_attribute("lang") == "de"
    page.get_by_role("link", name="English").click()
    page.wait_for_url(re.compile(r"/en/accounts/signup/\?as=startup$"))
