"""`manage.py check --deploy` on the production settings, run as production runs it: a fresh process
with the environment variables of a deployment."""

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
