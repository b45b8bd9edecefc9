"""Keyboard-only journeys: sign-up and event registration with Tab, typing, Enter and Space, no clicks.

Every element that receives focus on the way must look different while focused (a visible focus
indicator, WCAG 2.4.7), and the "skip to content" link must be the first stop and move focus to
the main content (WCAG 2.4.1).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from events.models import Registration
from hubportal.users.models import User
from tests.factories import EventFactory, StartupFactory, UserFactory

from .keyboard import Keyboard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-enough-secret-42"


def skip_to_content(keyboard: Keyboard):
    """The first Tab reaches the skip link, which is then visible; Enter moves focus to <main>."""
    first = keyboard.tab()
    assert keyboard.page.evaluate("document.activeElement.classList.contains('skip-link')"), first
    assert keyboard.page.evaluate(
        "() => { const box = document.activeElement.getBoundingClientRect(); return box.top >= 0 && box.height > 0; }"
    ), "the skip link stays off screen while focused"
    keyboard.press("Enter")
    assert keyboard.page.evaluate("document.activeElement.id") == "main"
    assert keyboard.page.url.endswith("#main")


def test_sign_up_and_confirm_with_the_keyboard_only(page, live_server):
    page.goto(f"{live_server.url}/en/accounts/signup/?as=organisation")
    keyboard = Keyboard(page)
    skip_to_content(keyboard)

    # Tab from <main> reaches the checked radio of the account type first (a radio group is one stop).
    passed = keyboard.tab_to("input[name=account_type]")
    assert page.evaluate("document.activeElement.checked")
    assert page.evaluate("document.activeElement.value") == "organisation"
    keyboard.press(" ")
    assert all("input" not in p for p in passed), passed
    for name, text in [
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("email", "ada@example.org"),
        ("password1", PASSWORD),
        ("password2", PASSWORD),
    ]:
        passed = keyboard.tab_to(f"input[name={name}]", most=3)
        assert not passed, f"{name} is not the next stop after the previous field: {passed}"
        keyboard.type(text)
    keyboard.tab_to("main form button[type=submit]", most=3)
    assert "Create account" in keyboard.describe()
    keyboard.submit("Enter")
    assert "/en/accounts/confirm-email/" in page.url
    assert User.objects.filter(email="ada@example.org", account_type="organisation").exists()

    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)  # opening the mail's link is not an interaction with the page
    keyboard.tab_to("main form button[type=submit]")
    assert "Confirm" in keyboard.describe()
    keyboard.submit(" ")
    assert EmailAddress.objects.get(email="ada@example.org").verified
    page.get_by_role("heading", level=1, name="My account").wait_for()
    keyboard.assert_focus_always_visible()


def test_logged_in_registration_with_the_keyboard_only(page, live_server, log_in):
    event = EventFactory(title="Pitch-Abend Logistik", slug="pitch-abend", capacity=10)
    person = UserFactory(email="kim@example.org", language="en")
    log_in(person)
    page.goto(f"{live_server.url}/en/events/pitch-abend/")
    keyboard = Keyboard(page)
    skip_to_content(keyboard)

    keyboard.tab_to("details.registration-questions > summary")
    keyboard.press("Enter")
    assert page.evaluate("document.querySelector('details.registration-questions').open")
    keyboard.tab_to("[name=company]", most=2)
    keyboard.type("Kim Logistik GmbH")
    keyboard.tab_to("[name=dietary_needs]", most=2)
    keyboard.type("vegetarisch")
    keyboard.tab_to("[name=listed_publicly]", most=2)
    keyboard.press(" ")
    assert page.evaluate("document.activeElement.checked")
    keyboard.tab_to("form.registration-form button[type=submit]", most=2)
    keyboard.submit("Enter")

    registration = Registration.objects.get(event=event, user=person)
    assert registration.is_confirmed
    assert (registration.company, registration.dietary_needs, registration.listed_publicly) == (
        "Kim Logistik GmbH",
        "vegetarisch",
        True,
    )
    assert registration.ticket_code in page.locator("main").inner_text()
    keyboard.assert_focus_always_visible()


def test_guest_registration_with_the_keyboard_only(page, live_server):
    event = EventFactory(title="Offene Sprechstunde", slug="sprechstunde")
    page.goto(f"{live_server.url}/de/events/sprechstunde/register/")
    keyboard = Keyboard(page)
    skip_to_content(keyboard)

    keyboard.tab_to("[name=name]")
    keyboard.type("Gerda Gast")
    keyboard.tab_to("[name=email]", most=2)
    keyboard.type("gerda@example.org")
    keyboard.tab_to("form.registration-form button[type=submit]", most=6)
    keyboard.submit("Enter")

    registration = Registration.objects.get(event=event, email="gerda@example.org")
    assert registration.name == "Gerda Gast"
    assert mail.outbox[-1].to == ["gerda@example.org"]
    keyboard.assert_focus_always_visible()


def test_a_field_with_an_error_is_reachable_and_its_message_is_announced(page, live_server):
    """Sent empty by keyboard, the guest form says what is wrong, and the invalid field tells it to a screen reader."""
    EventFactory(slug="sprechstunde")
    page.goto(f"{live_server.url}/en/events/sprechstunde/register/")
    keyboard = Keyboard(page)
    keyboard.tab_to("form.registration-form button[type=submit]", most=60)
    keyboard.submit("Enter")
    name = page.get_by_role("textbox", name="Name")
    assert name.get_attribute("aria-invalid") == "true"
    described_by = name.get_attribute("aria-describedby").split()
    messages = [page.locator(f"#{id_}").inner_text() for id_ in described_by]
    assert "This field is required." in messages
    keyboard.assert_focus_always_visible()


@pytest.mark.parametrize(
    "path", ["/de/", "/de/hubs/", "/en/startups/", "/en/events/pitch-abend/", "/de/accounts/login/", "/en/account/"]
)
def test_every_element_reached_by_tab_shows_where_the_focus_is(page, live_server, real_hubs, path, log_in):
    """Tabs through a whole page, from the skip link to the last footer link."""
    founder = UserFactory(email="founder@example.org")
    StartupFactory(owner=founder, name="Alpha Logistik")
    EventFactory(slug="pitch-abend")
    if path == "/en/account/":
        log_in(founder)
    page.goto(live_server.url + path)
    keyboard = Keyboard(page)
    reached = []
    for _ in range(250):
        label = keyboard.tab()
        if label.startswith("(nothing") or (reached and label == reached[0]):
            break
        reached.append(label)
    else:
        raise AssertionError(f"Tab never left {path}")
    assert len(reached) > 5, reached
    assert "skip" in reached[0].lower() or "springen" in reached[0].lower(), reached[0]
    keyboard.assert_focus_always_visible()
