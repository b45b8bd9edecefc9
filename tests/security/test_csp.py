"""Content-Security-Policy: the header on every page, the `page` fixture's violation guard, and the pages
whose templates had inline code (allauth's, the admin) working under the policy in a real browser."""

import re

import pytest
from allauth.account.views import EmailView
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import (
    EventFactory,
    HubFactory,
    HubReportFactory,
    StartupFactory,
    TopicFactory,
    UserFactory,
)

FORBIDDEN = ("'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/en/", "/de/hubs/", "/en/startups/", "/en/events/", "/en/accounts/login/", "/en/privacy/", "/en/nowhere/"],
)
def test_every_page_sends_the_strict_policy(client, path):
    response = client.get(path)
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert not [source for sources in policy.values() for source in sources if source in FORBIDDEN]


@pytest.mark.django_db
def test_admin_pages_send_the_same_policy(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"])["script-src"] == ["'self'"]


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_guard_records_what_the_policy_blocks(page, live_server):
    """Proves the `page` fixture's CSP guard: an inline script, a style attribute and a foreign image on one of
    our pages are blocked by the browser and recorded (the fixture would fail the test on them)."""
    page.goto(f"{live_server.url}/en/imprint/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineRan = true;";
            document.body.append(script);
            document.querySelector("h1").setAttribute("style", "color: red");
            const img = document.createElement("img");
            img.src = "http://example.com/x.png";
            document.body.append(img);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.inlineRan") is None
    blocked = {violation.get("directive") for violation in page.csp_violations}
    assert {"script-src-elem", "style-src-attr", "img-src"} <= blocked
    assert any("Content Security Policy" in violation.get("console", "") for violation in page.csp_violations)
    assert page.foreign_requests == []  # the policy stopped the image before the network guard saw it
    page.csp_violations.clear()  # the fixture would fail this test otherwise


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_email_change_page_cancels_a_pending_change(page, live_server):
    """allauth's page for ACCOUNT_CHANGE_EMAIL, without its style attribute (a hidden form instead)."""
    user = UserFactory(email="main@example.org", language="en")
    user.emailaddress_set.create(email="new@example.org", verified=False, primary=False)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/en/accounts/email/")
    expect(page.get_by_label("Changing to")).to_have_value("new@example.org")
    expect(page.locator("#pending-email")).to_be_hidden()
    page.get_by_role("button", name="Cancel Change").click()
    expect(page.get_by_label("Changing to")).to_have_count(0)
    assert list(user.emailaddress_set.values_list("email", flat=True)) == ["main@example.org"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_account_email_page_asks_before_removing_an_address(page, live_server, settings, monkeypatch):
    """allauth's page for several addresses (without ACCOUNT_CHANGE_EMAIL), without its inline script:
    static/js/confirm.js asks before "Remove"."""
    settings.ACCOUNT_CHANGE_EMAIL = False
    monkeypatch.setattr(EmailView, "template_name", "account/email.html")  # allauth picks it at import time
    user = UserFactory(email="main@example.org", language="en")
    user.emailaddress_set.create(email="second@example.org", verified=True, primary=False)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/en/accounts/email/")
    page.get_by_label("second@example.org").check()
    questions = []

    def answer(dialog):
        questions.append(dialog.message)
        dialog.dismiss() if len(questions) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.get_by_role("button", name="Remove").click()
    page.wait_for_timeout(300)
    assert questions == ["Do you really want to remove the selected email address?"]
    assert user.emailaddress_set.filter(email="second@example.org").exists()  # dismissed: nothing removed
    page.get_by_label("second@example.org").check()
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_label("second@example.org")).to_have_count(0)
    assert len(questions) == 2
    assert not user.emailaddress_set.filter(email="second@example.org").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_authenticator_setup_shows_the_qr_code_without_data_uris(page, live_server):
    user = UserFactory(language="en")
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/en/accounts/2fa/totp/activate/")
    page.get_by_label("Password").fill("correct-horse-battery")
    page.get_by_role("button", name="Confirm").click()
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    box = qr.locator("svg").bounding_box()
    assert box["width"] > 100 and box["height"] > 100
    assert page.locator("img[src^='data:']").count() == 0


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_pages_work_under_the_policy(page, live_server):
    """The admin (dashboard with SVG charts, change lists with filters and actions, forms with inlines,
    autocomplete, calendar and related-object widgets) runs without one violation."""
    staff = UserFactory(is_staff=True, is_superuser=True, language="en")
    topic = TopicFactory()
    hub = HubFactory(name="Hamburg Hub")
    StartupFactory(status="submitted", hub=hub, topics=[topic])
    EventFactory(hub=hub)
    HubReportFactory(hub=hub)
    log_in(page, live_server, staff)
    base = live_server.url
    page.goto(f"{base}/en/admin/")
    expect(page.get_by_role("heading", name="My work")).to_be_visible()
    page.goto(f"{base}/en/admin/dashboard/")
    expect(page.get_by_role("heading", name="Startups", exact=True)).to_be_visible()
    page.get_by_text("Numbers as a table").first.click()
    for path in (
        "/en/admin/agency/hubreport/compare/",
        "/en/admin/agency/hubreport/file/",
        "/en/admin/startups/startup/",
        "/en/admin/startups/startup/?status__exact=submitted",
        "/en/admin/events/event/",
        "/en/admin/events/event/add/",
        f"/en/admin/hubs/hub/{hub.pk}/change/",
        "/en/admin/agency/hubreport/missing/",
        "/en/admin/users/user/",
        "/en/admin/mail/outboundemail/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    # Widgets that build elements in JavaScript: the calendar and clock of a date field, autocomplete.
    page.goto(f"{base}/en/admin/events/event/add/")
    page.get_by_role("link", name=re.compile("Choose a Date|Calendar")).first.click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    page.goto(f"{base}/en/admin/hubs/hub/{hub.pk}/change/")
    page.locator(".select2-selection").first.click()
    expect(page.locator(".select2-search__field").first).to_be_visible()
    page.keyboard.press("Escape")
    # An action with its confirmation page.
    page.goto(f"{base}/en/admin/startups/startup/")
    page.get_by_role("checkbox").nth(1).check()
    page.get_by_role("combobox", name=re.compile("^Action")).select_option(index=1)
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state("networkidle")
    assert page.csp_violations == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recovery_codes_page_selects_the_codes_and_warns_until_saved(page, live_server, settings):
    """allauth's recovery codes page without its inline JSON script: static/js/recovery-codes.js."""
    settings.MFA_RECOVERY_CODES_SHOW_ONCE = True
    user = UserFactory(language="en")
    TOTP.activate(user, "JBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(user)
    log_in(page, live_server, user)
    page.goto(f"{live_server.url}/en/accounts/2fa/recovery-codes/")
    if page.get_by_role("heading", name="Confirm Access").count():
        page.get_by_label("Password").fill("correct-horse-battery")
        page.get_by_role("button", name="Confirm").click()
    codes = page.get_by_label("Unused codes")
    codes.click()
    assert page.evaluate("() => document.activeElement.selectionEnd") == len(codes.input_value()) > 0
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Privacy").click()
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]  # leaving is questioned while the codes may be unsaved
    page.get_by_label("I have saved my recovery codes").check()
    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Privacy"))
    assert dialogs == ["beforeunload"]
