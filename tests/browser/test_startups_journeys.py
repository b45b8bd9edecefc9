"""The journeys of a founder, the staff and an investor through the startups screens, in a real browser."""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from PIL import Image

from startups.models import InvestorProfile, Startup
from startups.services import investor_verify, startup_update_search_vector
from tests.factories import HubFactory, StartupFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-enough-secret-42"
SIGN_UP = re.compile(r"^(Sign Up|Create account)$")


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()


def field(page, text):
    """The control labelled exactly `text`: portal forms add "(optional)", Django's admin a colon."""
    return (
        page.get_by_label(text, exact=True)
        .or_(page.get_by_label(f"{text} (optional)", exact=True))
        .or_(page.get_by_label(f"{text}:", exact=True))
    )


def sign_up_and_confirm(page, base, *, kind, first, email):
    """Signs up on the allauth form as `kind`, opens the mailed link and confirms."""
    page.goto(f"{base}/en/accounts/signup/?as={kind}")
    field(page, "First name").fill(first)
    field(page, "Last name").fill("Beispiel")
    field(page, "Email").fill(email)
    field(page, "Password").fill(PASSWORD)
    field(page, "Password (again)").fill(PASSWORD)
    choice = page.get_by_label("Investor" if kind == "investor" else "Startup founder or team member", exact=True)
    if choice.count():  # `?as=` preselects it where the accounts pages support that
        choice.check()
    page.get_by_role("button", name=SIGN_UP).click()
    page.get_by_role("heading", level=1).wait_for()
    match = re.search(r"http://\S+/en/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    page.goto(match.group(0))
    page.get_by_role("button", name="Confirm").click()


def log_in_admin(page, base, user):
    page.goto(f"{base}/en/admin/login/")
    page.get_by_label(re.compile(r"^Email")).fill(user.email)
    field(page, "Password").fill("correct-horse-battery")
    # The admin login redirects to allauth's login, which comes back to the admin.
    page.get_by_role("button", name="Log in", exact=True).click()
    page.get_by_role("heading", name="Site administration").wait_for()


def png(tmp_path):
    path = tmp_path / "logo.png"
    Image.new("RGB", (120, 120), (20, 90, 160)).save(path, format="PNG")
    return path


def test_founder_creates_and_submits_profile_then_staff_publishes(page, live_server, real_hubs, tmp_path, browser):
    base = live_server.url
    sign_up_and_confirm(page, base, kind="startup", first="Fiona", email="fiona@example.org")

    # After confirming, the founder is led straight to the profile form.
    page.get_by_role("heading", level=1, name="Create your startup profile").wait_for()
    field(page, "Name").fill("Frachtfuchs Demo")
    field(page, "Logo").set_input_files(png(tmp_path))
    field(page, "One-line pitch").fill("Disposition für Speditionen im Hinterland.")
    field(page, "Description").fill("Wir verbinden Speditionen und Terminals.")
    field(page, "Stage").select_option(label="Seed")
    page.get_by_label("Logistics", exact=True).check()
    field(page, "Home hub").select_option(label="Hamburg")
    page.get_by_role("button", name="Save draft").click()

    page.get_by_role("heading", level=1, name="Frachtfuchs Demo").wait_for()
    assert page.get_by_role("img", name="Logo of Frachtfuchs Demo").is_visible()
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_text("This profile is waiting for review by our team.").wait_for()
    startup = Startup.objects.get(name="Frachtfuchs Demo")
    assert startup.status == "submitted" and startup.logo.name.endswith(".jpg")

    # Staff publish it from the moderation queue in the admin.
    staff = UserFactory(is_staff=True, is_superuser=True, email="staff@example.org")
    staff_page = browser.new_context().new_page()
    staff_page.set_default_timeout(15_000)
    log_in_admin(staff_page, base, staff)
    staff_page.goto(f"{base}/en/admin/startups/startup/")
    staff_page.get_by_role("row", name=re.compile("Frachtfuchs Demo")).get_by_role("checkbox").check()
    staff_page.get_by_role("combobox", name=re.compile("^Action")).select_option(label="Publish selected startups")
    staff_page.get_by_role("button", name="Go").click()
    staff_page.get_by_text("1 startup published.").wait_for()

    startup.refresh_from_db()
    assert startup.status == "published"
    assert any("is published" in m.subject for m in mail.outbox)
    page.goto(f"{base}/en/startups/?q=Frachtfuchs")
    page.get_by_role("link", name="Frachtfuchs Demo").wait_for()

    # Later staff take it out again with the button on its page; the reason goes to the team.
    staff_page.goto(f"{base}/en/admin/startups/startup/{startup.pk}/change/")
    staff_page.get_by_role("cell", name="Published", exact=True).wait_for()  # the history lists the step
    staff_page.get_by_role("link", name="Unpublish").click()
    field(staff_page, "Reason").fill("Die Website ist nicht erreichbar.")
    staff_page.get_by_role("button", name="Unpublish").click()
    staff_page.get_by_text("The startup is unpublished; the reason is mailed to its team.").wait_for()
    staff_page.context.close()
    startup.refresh_from_db()
    assert startup.status == "draft"
    assert "Die Website ist nicht erreichbar." in mail.outbox[-1].body


def test_investor_signs_up_is_verified_searches_bookmarks_and_exports(page, live_server, db, tmp_path):
    base = live_server.url
    logistics, ai = TopicFactory(slug="logistics-x", name_en="Logistics X"), TopicFactory(slug="ai-x", name_en="AI X")
    hamburg = HubFactory(slug="hamburg-x", name="Hamburg X")
    StartupFactory(name="Hafenlotse", pitch="Hafenlogistik mit Daten", hub=hamburg, topics=[logistics], stage="seed")
    StartupFactory(name="Hafenbild", pitch="Hafenlogistik per Video", hub=hamburg, topics=[ai], stage="seed")
    StartupFactory(name="Binnenkahn", pitch="Binnenschiffe", hub=hamburg, topics=[logistics], stage="growth")
    startup_update_search_vector()

    sign_up_and_confirm(page, base, kind="investor", first="Ines", email="ines@example.org")
    page.get_by_role("heading", level=1, name="Create your investor profile").wait_for()
    field(page, "Type").select_option(label="Business angel")
    field(page, "Organisation").fill("Ines Beteiligungen")
    field(page, "Smallest ticket (EUR)").fill("50000")
    field(page, "Largest ticket (EUR)").fill("10000")
    page.get_by_role("button", name="Save investor profile").click()
    # A bad range is refused with a message; the input stays.
    page.get_by_text("The largest ticket must not be smaller than the smallest ticket.", exact=True).wait_for()
    assert field(page, "Organisation").input_value() == "Ines Beteiligungen"
    field(page, "Largest ticket (EUR)").fill("500000")
    page.get_by_role("button", name="Save investor profile").click()
    page.get_by_role("heading", level=1, name="My account").wait_for()
    page.get_by_text("Waiting for verification").wait_for()

    # Unverified: no watchlist, no export.
    page.goto(f"{base}/en/startups/")
    assert page.get_by_role("link", name="Export as CSV").count() == 0

    profile = InvestorProfile.objects.get(user__email="ines@example.org")
    investor_verify(profile=profile, by=UserFactory(is_staff=True))
    assert mail.outbox[-1].to == ["ines@example.org"]

    page.goto(f"{base}/en/startups/")
    field(page, "Search").fill("Hafenlogistik")
    page.get_by_label("Logistics X").check()
    page.get_by_label("Seed", exact=True).check()
    page.get_by_role("button", name="Show results").click()
    page.get_by_role("heading", name="1 startup").wait_for()
    assert page.get_by_role("link", name=re.compile("Topic: Logistics X")).is_visible()
    page.get_by_role("button", name="Add Hafenlotse to watchlist").click()
    page.get_by_role("button", name="Remove Hafenlotse from watchlist").wait_for()
    assert profile.bookmarks.get().startup.name == "Hafenlotse"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export as CSV").click()
    content = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    assert "Hafenlotse" in content and "Hafenbild" not in content and "Binnenkahn" not in content

    page.goto(f"{base}/en/startups/watchlist/")
    field(page, "Private note on Hafenlotse").fill("Im Mai anrufen")
    page.get_by_role("button", name="Save note").click()
    page.get_by_text("Your note is saved.").wait_for()
    assert profile.bookmarks.get().note == "Im Mai anrufen"
