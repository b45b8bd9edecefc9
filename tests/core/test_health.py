"""/healthz and /readyz: outside the language prefix, no cookie, no log line while they succeed; /readyz answers 503
with the reason while the database or the cache cannot be reached or a migration is not applied."""

import logging
import socket

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from hubportal.core import health
from tests.security.test_database_down import database_unreachable


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "hubportal.core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"RETRY_SECONDS": 0},
        }
    }


@pytest.fixture(autouse=True)
def _migrations_not_yet_checked(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def assert_no_cookie(response):
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert_no_cookie(response)


@pytest.mark.django_db(transaction=True)
def test_healthz_stays_up_while_the_database_is_down(client, tmp_path):
    with database_unreachable(tmp_path):
        assert client.get("/healthz").status_code == 200
        assert client.get("/de/").status_code == 503  # the same outage, as pages see it


@pytest.mark.django_db
def test_health_urls_live_outside_the_language_prefix(client):
    assert client.get("/de/healthz").status_code == 404
    assert client.get("/en/readyz").status_code == 404
    assert client.head("/healthz").status_code == 200
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_readyz_is_ready_when_database_cache_and_migrations_are(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }
    assert_no_cookie(response)


@pytest.mark.django_db(transaction=True)
def test_readyz_says_503_while_the_database_is_down_and_recovers(client, tmp_path):
    with database_unreachable(tmp_path):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "unreachable", "cache": "ok", "migrations": "unknown (database unreachable)"},
    }
    assert_no_cookie(response)
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_says_503_while_the_cache_is_down_and_pages_keep_serving(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "unreachable", "migrations": "ok"}
    assert client.get("/de/hubs/").status_code == 200
    assert client.get("/en/accounts/login/").status_code == 200


@pytest.mark.django_db
def test_readyz_says_503_while_a_migration_is_not_applied(client):
    recorder = MigrationRecorder(connection)
    recorder.record_unapplied("mail", "0001_initial")  # not even the last one: `migrate` would still run it
    recorder.record_unapplied("scheduler", "0001_initial")
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "2 not applied"
    recorder.record_applied("mail", "0001_initial")
    recorder.record_applied("scheduler", "0001_initial")
    assert client.get("/readyz").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_failing_probes_leave_no_error_in_the_log_but_pages_do(client, tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"), database_unreachable(tmp_path):
        assert client.get("/readyz").status_code == 503
        assert not [r for r in caplog.records if r.name == "django.request"]
        client.get("/de/hubs/")  # a page is still logged: this test can see log lines
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == ["Service Unavailable: /de/hubs/"]
