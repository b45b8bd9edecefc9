"""When the database cannot be reached every page answers 503 in our design, and the portal recovers by itself.

The database is made unreachable in-process: the live connection is set aside and the settings point
to a closed port, as after a crash of the database server; restoring the settings is "the database is back".
"""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client
from django.utils import translation

from hubportal.core.database_unavailable import RETRY_AFTER_SECONDS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the socket is closed


@contextmanager
def database_unreachable(tmp_path):
    saved = dict(connection.settings_dict)
    live = connection.connection
    connection.connection = None  # the next query must open a new connection, which fails
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        if connection.connection is None:
            connection.connection = live
        elif live is not None:
            live.close()  # the app reconnected on its own; the old connection is no longer needed


@pytest.fixture
def down(tmp_path):
    return lambda: database_unreachable(tmp_path)


PAGES = ["/de/", "/en/hubs/", "/de/startups/", "/de/events/", "/en/accounts/login/", "/de/news/"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_503_in_our_design_while_the_database_is_down(client, down, path):
    with down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert 'class="site-header"' in page and "css/portal.css" in page
    assert page.count("<h1") == 1


def test_the_503_page_is_translated(client, down):
    with down():
        english = client.get("/en/startups/").content.decode()
        german = client.get("/de/startups/").content.decode()
    assert '<html lang="en">' in english
    assert "Temporarily unavailable" in english
    assert "Go to the home page" in english
    assert '<html lang="de">' in german
    assert "Zur Startseite" in german and "Zum Inhalt springen" in german


def test_the_portal_recovers_when_the_database_is_back(client, down):
    with down():
        assert client.get("/de/hubs/").status_code == 503
        assert client.get("/de/hubs/").status_code == 503
    assert client.get("/de/hubs/").status_code == 200
    assert client.get("/de/").status_code == 200


def test_logged_in_pages_and_form_posts_answer_503(client, down):
    user = UserFactory(email="down@example.org")
    client.force_login(user)
    with down():
        assert client.get("/de/account/").status_code == 503
        response = client.post(
            "/en/accounts/login/", {"login": "down@example.org", "password": "correct-horse-battery"}
        )
        assert response.status_code == 503
        assert client.post("/de/account/profile/", {"first_name": "X"}).status_code == 503
    assert client.get("/de/account/").status_code == 200


def test_the_503_page_does_not_leak_the_error(client, down, tmp_path):
    with down():
        response = client.get("/en/startups/")
    page = response.content.decode().lower()
    assert response.status_code == 503
    for secret in ("operationalerror", "unable to open", "connection", "refused", "traceback", str(tmp_path).lower()):
        assert secret not in page
    for value in (connection.settings_dict.get("HOST"), connection.settings_dict.get("USER")):
        if value:
            assert f"{value}".lower() not in page.replace("hubportal", "")


def user_middleware(get_response):
    """Like any middleware that looks at the user before the view: the session is read here."""

    def middleware(request):
        request.user.is_authenticated  # noqa: B018
        return get_response(request)

    return middleware


def test_database_errors_outside_views_also_get_the_503_page(settings, down):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.user_middleware"]
    client = Client(raise_request_exception=False)
    client.force_login(UserFactory())
    with down():
        response = client.get("/de/hubs/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert 'class="site-header"' in response.content.decode()


@pytest.mark.django_db
def test_other_errors_still_give_the_500_page(settings, monkeypatch):
    from hubs import views

    def broken(*args, **kwargs):
        raise RuntimeError("not a database problem")

    monkeypatch.setattr(views.HubListView, "get", broken)
    client = Client(raise_request_exception=False)
    with translation.override("en"):
        response = client.get("/en/hubs/")
    assert response.status_code == 500
    assert "Retry-After" not in response


def _raises(error):
    def view(*args, **kwargs):
        raise error

    return view


def _wrapped(cause):
    from django.db import OperationalError

    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


@pytest.mark.parametrize(
    "cause",
    [
        pytest.param(
            lambda: __import__("psycopg").errors.ProgramLimitExceeded("string is too long for tsvector"),
            id="postgres-program-limit",
        ),
        pytest.param(
            lambda: __import__("psycopg").errors.DeadlockDetected("deadlock detected"), id="postgres-deadlock"
        ),
    ],
)
@pytest.mark.django_db
def test_database_errors_that_are_bugs_still_give_the_500_page(monkeypatch, cause):
    """Only a database that cannot be reached is 'temporarily unavailable'; a failing query is our bug."""
    from hubs import views

    monkeypatch.setattr(views.HubListView, "get", _raises(_wrapped(cause())))
    response = Client(raise_request_exception=False).get("/en/hubs/")
    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.parametrize(
    "cause",
    [
        pytest.param(lambda: __import__("psycopg").OperationalError("connection refused"), id="postgres-refused"),
        pytest.param(
            lambda: __import__("psycopg").errors.AdminShutdown("terminating connection"), id="postgres-shutdown"
        ),
        pytest.param(
            lambda: __import__("psycopg").errors.TooManyConnections("too many clients"), id="postgres-too-many"
        ),
    ],
)
@pytest.mark.django_db
def test_database_errors_about_reaching_the_database_give_the_503_page(monkeypatch, cause):
    from hubs import views

    monkeypatch.setattr(views.HubListView, "get", _raises(_wrapped(cause())))
    response = Client(raise_request_exception=False).get("/en/hubs/")
    assert response.status_code == 503
