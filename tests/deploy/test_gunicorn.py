"""gunicorn with the project's config: persistent database connections that survive a database restart, an
access log with the client address and the request time, and without successful health checks."""

import http.client
import re
import runpy
import time

import psycopg
import pytest
from django.db import connection

from .conftest import BASE_DIR, database_url, fetch


def backends(application_name: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application_name])
        return {pid for (pid,) in cursor.fetchall()}


def terminate(pids: set[int]) -> None:
    """What a restart of PostgreSQL does to the connections a server keeps."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def wait_for(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_production_keeps_its_database_connection_and_survives_a_database_restart(gunicorn):
    name = "hubportal-test-persistent"
    server = gunicorn(DATABASE_URL=database_url(name), GUNICORN_WORKERS="1", GUNICORN_THREADS="1")

    assert fetch(server.url("/readyz"))[0] == 200
    first = backends(name)
    assert len(first) == 1
    for _ in range(5):
        assert fetch(server.url("/readyz"))[0] == 200
    assert backends(name) == first  # one connection, reused (CONN_MAX_AGE of prod.py)

    terminate(first)
    assert wait_for(lambda: not backends(name))
    status, body = fetch(server.url("/readyz"))
    assert status == 200, body  # the dead connection was noticed before use and replaced, no error
    assert backends(name) and backends(name) != first


@pytest.mark.django_db(transaction=True)
def test_access_log_has_the_client_and_request_time_but_no_successful_health_checks(gunicorn):
    server = gunicorn(DATABASE_URL=database_url("hubportal-test-log"), GUNICORN_WORKERS="1", TRUSTED_PROXY_COUNT="1")
    forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.9"}  # a client's own entry, then what nginx appended
    assert fetch(server.url("/healthz"), headers=forwarded)[0] == 200
    assert fetch(server.url("/readyz"), headers=forwarded)[0] == 200
    assert fetch(server.url("/readyz"), method="POST", headers=forwarded)[0] == 405
    assert fetch(server.url("/healthz?probe=2"), method="DELETE")[0] == 405
    server.stop()  # flushes the log

    # Two threads may write their lines in either order: the request that finished first can log last.
    lines = sorted(server.access_log.read_text().splitlines(), key=lambda line: "DELETE" in line)
    assert len(lines) == 2, lines
    assert re.fullmatch(r'203\.0\.113\.9 - - \[.+\] "POST /readyz HTTP/1\.1" 405 0 "-" "[^"]*" \d+ms', lines[0])
    assert lines[1].startswith("127.0.0.1 - - ") and '"DELETE /healthz?probe=2 HTTP/1.1" 405' in lines[1]


def test_every_gunicorn_value_comes_from_the_environment(monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 3)
    defaults = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert (defaults["workers"], defaults["threads"], defaults["worker_class"]) == (6, 2, "gthread")
    assert defaults["bind"] == ["127.0.0.1:8000"]
    assert defaults["control_socket_disable"] is True
    environment = {
        "GUNICORN_BIND": "10.0.0.5:8000,unix:/run/hubportal/web.sock",
        "GUNICORN_WORKERS": "3",
        "GUNICORN_THREADS": "1",
        "GUNICORN_TIMEOUT": "45",
        "GUNICORN_GRACEFUL_TIMEOUT": "20",
        "GUNICORN_KEEPALIVE": "7",
        "GUNICORN_MAX_REQUESTS": "500",
        "GUNICORN_MAX_REQUESTS_JITTER": "50",
        "GUNICORN_ACCESS_LOG": "/var/log/hubportal/access.log",
        "GUNICORN_ERROR_LOG": "/var/log/hubportal/error.log",
        "GUNICORN_LOG_LEVEL": "warning",
        "GUNICORN_PRELOAD": "0",
        "FORWARDED_ALLOW_IPS": "10.0.0.2",
        "TRUSTED_PROXY_COUNT": "2",
        "GUNICORN_CONTROL_SOCKET": "/run/hubportal/gunicorn.ctl",
    }
    for key, value in environment.items():
        monkeypatch.setenv(key, value)
    config = runpy.run_path(str(BASE_DIR / "gunicorn.conf.py"))
    assert {
        key: config[key]
        for key in (
            "bind",
            "workers",
            "threads",
            "worker_class",
            "timeout",
            "graceful_timeout",
            "keepalive",
            "max_requests",
            "max_requests_jitter",
            "accesslog",
            "errorlog",
            "loglevel",
            "preload_app",
            "forwarded_allow_ips",
            "TRUSTED_PROXY_COUNT",
            "control_socket_disable",
            "control_socket",
        )
    } == {
        "bind": ["10.0.0.5:8000", "unix:/run/hubportal/web.sock"],
        "workers": 3,
        "threads": 1,
        "worker_class": "sync",
        "timeout": 45,
        "graceful_timeout": 20,
        "keepalive": 7,
        "max_requests": 500,
        "max_requests_jitter": 50,
        "accesslog": "/var/log/hubportal/access.log",
        "errorlog": "/var/log/hubportal/error.log",
        "loglevel": "warning",
        "preload_app": False,
        "forwarded_allow_ips": "10.0.0.2",
        "TRUSTED_PROXY_COUNT": 2,
        "control_socket_disable": False,
        "control_socket": "/run/hubportal/gunicorn.ctl",
    }
    assert config["client_address"]("10.0.0.2", "198.51.100.1, 203.0.113.9, 10.0.0.3", 2) == "203.0.113.9"
    assert config["client_address"]("10.0.0.2", "", 2) == "10.0.0.2"


def test_every_gunicorn_variable_is_documented():
    text = (BASE_DIR / "gunicorn.conf.py").read_text()
    used = set(re.findall(r'"((?:GUNICORN|WEB|FORWARDED|TRUSTED)_[A-Z_]+)"', text))
    documented = set(re.findall(r"`((?:GUNICORN|WEB|FORWARDED|TRUSTED)_[A-Z_]+)`", text.split('"""')[1]))
    assert used and used <= documented, used - documented


@pytest.mark.django_db(transaction=True)
def test_probes_reach_an_app_server_directly_while_pages_redirect_to_https(gunicorn):
    """A load balancer asks the app server itself, without nginx's X-Forwarded-Proto: no redirect for it."""
    server = gunicorn(
        DATABASE_URL=database_url("hubportal-test-probe"),
        GUNICORN_WORKERS="1",
        LOCAL_HTTP="0",
        SITE_URL="https://127.0.0.1",
    )
    assert fetch(server.url("/healthz"))[0] == 200
    assert fetch(server.url("/readyz"))[0] == 200
    page = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    page.request("GET", "/de/imprint/", headers={"Host": "127.0.0.1"})
    response = page.getresponse()
    assert (response.status, response.getheader("Location")) == (301, "https://127.0.0.1/de/imprint/")
    assert fetch(server.url("/readyz"), headers={"X-Forwarded-Proto": "https"})[0] == 200
