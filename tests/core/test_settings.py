import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
PROD_KEY = secrets.token_urlsafe(50)
PROD_REST = {"DATABASE_URL": "postgres://hubportal@db.example:5432/hubportal", "SITE_URL": "https://portal.example"}


def import_settings(module: str, **env) -> subprocess.CompletedProcess:
    """Imports a settings module in a fresh interpreter with exactly the given variables."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "SITE_URL"}
    }
    clean.update(env)
    code = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='{module}'; django.setup(); print('ok')"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True)


def test_prod_refuses_to_start_without_secret_key():
    result = import_settings("hubportal.settings.prod", ALLOWED_HOSTS="portal.example", **PROD_REST)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_prod_refuses_to_start_without_allowed_hosts():
    result = import_settings("hubportal.settings.prod", SECRET_KEY=PROD_KEY, **PROD_REST)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_prod_starts_with_the_required_variables():
    result = import_settings(
        "hubportal.settings.prod", SECRET_KEY=PROD_KEY, ALLOWED_HOSTS="portal.example", **PROD_REST
    )
    assert result.returncode == 0, result.stderr


def test_database_url_selects_the_database():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='hubportal.settings.dev';"
        "from django.conf import settings; db = settings.DATABASES['default']; print(db['ENGINE'], db['HOST'])"
    )
    env = {**os.environ, "DATABASE_URL": "postgres://postgres@db.example:5432/somedb"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert out.stdout.strip() == "django.db.backends.postgresql db.example"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://mailer:s%40cret@mail.example:587", ("django.core.mail.backends.smtp.EmailBackend", "mail.example")),
        ("console:", ("django.core.mail.backends.console.EmailBackend", "localhost")),
    ],
)
def test_email_url_configures_the_mail_backend(url, expected):
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='hubportal.settings.dev';"
        "from django.conf import settings;"
        "print(settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_HOST_PASSWORD, sep='|')"
    )
    env = {**os.environ, "EMAIL_URL": url}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    backend, host, password = out.stdout.strip().split("|")
    assert (backend, host) == expected
    if backend.endswith("smtp.EmailBackend"):
        assert password == "s@cret"
