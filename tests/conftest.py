import os
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from hubs.services import hubs_load_real_data

from .factories import UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts in the default language with an empty cache (allauth's rate limits live there)."""
    translation.activate(django_settings.LANGUAGE_CODE)
    cache.clear()
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def real_hubs(db):
    hubs_load_real_data()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def browser():
    """A headless Debian Chromium driven by Playwright (never a downloaded browser)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Runs in every document before the page's own scripts (Playwright injects it, so the page's CSP does not apply)
# and hands each Content-Security-Policy violation to the test through an exposed binding.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: document.location.href,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
  });
}, true);
"""


def watch_csp(context) -> list:
    """Records the CSP violations of every page of a browser context (events and console reports) in a list."""
    violations = []
    context.expose_binding("__reportCspViolation", lambda source, violation: violations.append(violation))
    context.add_init_script(CSP_LISTENER)

    def console(message):
        if "Content Security Policy" in message.text:
            violations.append({"console": message.text, "page": message.page.url if message.page else ""})

    context.on("console", console)
    return violations


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; requests to any host but the live server are recorded and failed, and any
    Content-Security-Policy violation (an inline script or style, a foreign source …) fails the test."""
    context = browser.new_context(locale="de-DE")
    csp_violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.foreign_requests = []
    page.csp_violations = csp_violations
    own = urlsplit(live_server.url)

    def guard(route):
        url = route.request.url
        parts = urlsplit(url)
        # Compare scheme and host:port exactly: a prefix test would let "http://localhost:8081.evil.example" through.
        if (parts.scheme, parts.netloc) == (own.scheme, own.netloc) or parts.scheme in {"data", "blob"}:
            route.continue_()
        else:
            page.foreign_requests.append(url)
            route.abort()

    page.route("**/*", guard)
    yield page
    context.close()
    assert page.foreign_requests == [], f"page requested other hosts: {page.foreign_requests}"
    assert page.csp_violations == [], f"Content-Security-Policy violations: {page.csp_violations}"
