"""The `log_in` fixture of the browser tests: the page is signed in as the person given, and a second call replaces
the first person's session."""

import pytest

from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_log_in_signs_the_page_in_and_a_second_call_switches_the_person(page, live_server, log_in):
    first = UserFactory(email="erste@example.org", language="en")
    second = UserFactory(email="zweite@example.org", language="en")

    log_in(first)
    page.goto(f"{live_server.url}/en/account/")
    page.get_by_role("heading", level=1, name="My account").wait_for()
    assert "erste@example.org" in page.content().replace("<wbr>", "")

    log_in(second)
    assert [cookie["name"] for cookie in page.context.cookies()] == ["sessionid"]  # the first visit's are gone
    page.goto(f"{live_server.url}/en/account/")
    content = page.content().replace("<wbr>", "")
    assert "zweite@example.org" in content and "erste@example.org" not in content
