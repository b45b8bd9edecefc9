import pytest
from django.test import Client


@pytest.fixture
def log_in(page, live_server):
    """Signs a person in to the test's browser page without the login form: `log_in(user)` replaces the page's
    cookies with the session cookie of a test client signed in as `user`."""

    def log_in(user):
        client = Client()
        client.force_login(user)
        page.context.clear_cookies()
        page.context.add_cookies(
            [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
        )

    return log_in
