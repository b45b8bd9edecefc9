"""`manage.py check --deploy` on the production settings, run as production runs it: a fresh process
with the environment variables of a deployment."""

import json

import pytest

from .conftest import run_manage

DEPLOY_CHECK = ("check", "--deploy", "--fail-level", "WARNING")


def test_production_settings_pass_the_deploy_check_without_one_issue():
    result = run_manage(*DEPLOY_CHECK)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stderr + result.stdout


def test_the_deploy_check_fails_on_a_weakened_setting():
    """The check above can fail: HSTS switched off through the environment is reported (security.W004)."""
    result = run_manage(*DEPLOY_CHECK, env={"SECURE_HSTS_SECONDS": "0"})
    assert result.returncode != 0
    assert "security.W004" in result.stderr


@pytest.mark.parametrize(
    ("env", "drop", "message"),
    [
        ({}, ["SECRET_KEY"], "Set SECRET_KEY"),
        ({"SECRET_KEY": "k" * 49}, [], "Set SECRET_KEY"),
        ({"SECRET_KEY": "abcd" * 20}, [], "Set SECRET_KEY"),
        ({}, ["ALLOWED_HOSTS"], "Set ALLOWED_HOSTS"),
        ({}, ["DATABASE_URL"], "Set DATABASE_URL"),
        ({"SITE_URL": "http://hubportal.example"}, [], "Set SITE_URL"),
    ],
)
def test_production_refuses_to_start_without_its_required_settings(env, drop, message):
    result = run_manage("check", env=env, drop=drop)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and message in result.stderr


def test_development_and_test_settings_still_start_without_any_environment():
    for module in ("hubportal.settings.dev", "hubportal.settings.test"):
        result = run_manage(
            "check",
            env={"DJANGO_SETTINGS_MODULE": module},
            drop=["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"],
        )
        assert result.returncode == 0, module + result.stderr


@pytest.mark.parametrize(
    "env",
    [
        {"LOCAL_HTTP": "1", "SITE_URL": "http://hubportal.example"},
        {"LOCAL_HTTP": "1", "SITE_URL": "https://127.0.0.1:8000"},
        {"LOCAL_HTTP": "1", "SITE_URL": "http://127.0.0.1:8000"},  # ALLOWED_HOSTS is the public host
        {"LOCAL_HTTP": "1", "SITE_URL": "http://127.0.0.1:8000", "ALLOWED_HOSTS": "127.0.0.1,hubportal.example"},
    ],
)
def test_plain_http_is_refused_for_anything_but_this_machines_loopback(env):
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and "LOCAL_HTTP=1 is only for" in result.stderr


def production_values(code: str, env: dict) -> dict:
    result = run_manage(
        "shell", "-c", f"import json\nfrom django.conf import settings as s\nprint(json.dumps({code}))", env=env
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_http_serves_loopback_without_https_and_production_keeps_https():
    code = (
        '{"redirect": s.SECURE_SSL_REDIRECT, "secure_cookie": s.SESSION_COOKIE_SECURE, "csrf": s.CSRF_COOKIE_SECURE, '
        '"debug": s.DEBUG, "age": s.DATABASES["default"]["CONN_MAX_AGE"], '
        '"checks": s.DATABASES["default"]["CONN_HEALTH_CHECKS"]}'
    )
    local = {"LOCAL_HTTP": "1", "SITE_URL": "http://127.0.0.1:8000", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    assert production_values(code, local) == {
        "redirect": False,
        "secure_cookie": False,
        "csrf": False,
        "debug": False,
        "age": 60,
        "checks": True,
    }
    assert production_values(code, {}) == {
        "redirect": True,
        "secure_cookie": True,
        "csrf": True,
        "debug": False,
        "age": 60,
        "checks": True,
    }
    assert production_values(code, {"CONN_MAX_AGE": "0"})["age"] == 0
