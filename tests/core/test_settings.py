import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hubportal.settings.base import env, mail

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
        ("smtps://mailer:s%40cret@mail.example", ("django.core.mail.backends.smtp.EmailBackend", "mail.example")),
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


@pytest.mark.parametrize("value", ["0", "false", "False", "no", "off", "", " 0 "])
def test_a_boolean_variable_is_off_for_zero_false_no_off_and_empty(monkeypatch, value):
    monkeypatch.setenv("HUBPORTAL_TEST_FLAG", value)
    assert env.bool("HUBPORTAL_TEST_FLAG", default=True) is False


@pytest.mark.parametrize("value", ["1", "true", "TRUE", "yes", "on", " 1 "])
def test_a_boolean_variable_is_on_for_one_true_yes_on(monkeypatch, value):
    monkeypatch.setenv("HUBPORTAL_TEST_FLAG", value)
    assert env.bool("HUBPORTAL_TEST_FLAG", default=False) is True


def test_an_unset_boolean_variable_takes_its_default(monkeypatch):
    monkeypatch.delenv("HUBPORTAL_TEST_FLAG", raising=False)
    assert env.bool("HUBPORTAL_TEST_FLAG", default=True) is True
    assert env.bool("HUBPORTAL_TEST_FLAG", default=False) is False


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("portal.example", ["portal.example"]),
        ("portal.example, www.portal.example", ["portal.example", "www.portal.example"]),
        (" a.example ,, b.example , ", ["a.example", "b.example"]),
        (" , ", []),
        ("", []),
    ],
)
def test_a_list_variable_drops_spaces_and_empty_items(monkeypatch, value, expected):
    monkeypatch.setenv("HUBPORTAL_TEST_LIST", value)
    assert env.list("HUBPORTAL_TEST_LIST", default=["default.example"]) == expected


def test_an_unset_list_variable_takes_its_default(monkeypatch):
    monkeypatch.delenv("HUBPORTAL_TEST_LIST", raising=False)
    assert env.list("HUBPORTAL_TEST_LIST", default=["127.0.0.1", "localhost"]) == ["127.0.0.1", "localhost"]


def test_the_settings_read_booleans_and_lists_from_the_environment():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='hubportal.settings.dev';"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ADMIN_REQUIRE_MFA, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.MAIL_RETRY_HOURS, sep='|')"
    )
    env_vars = {
        **os.environ,
        "DEBUG": "no",
        "ADMIN_REQUIRE_MFA": "0",
        "ALLOWED_HOSTS": " portal.example , www.portal.example,",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example",
        "MAIL_RETRY_HOURS": "12",
    }
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env_vars, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().split("|") == [
        "False",
        "False",
        "['portal.example', 'www.portal.example']",
        "['https://portal.example']",
        "12",
    ]


def test_the_settings_defaults_without_those_variables():
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='hubportal.settings.base';"
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ADMIN_REQUIRE_MFA, s.ALLOWED_HOSTS, s.CSRF_TRUSTED_ORIGINS, s.MAIL_RETRY_HOURS,"
        " s.EMAIL_BACKEND, s.EMAIL_FILE_PATH, sep='|')"
    )
    unset = {"DEBUG", "ADMIN_REQUIRE_MFA", "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "MAIL_RETRY_HOURS", "EMAIL_URL"}
    env_vars = {k: v for k, v in os.environ.items() if k not in unset}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env_vars, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().split("|") == [
        "False",
        "True",
        "['127.0.0.1', 'localhost']",
        "[]",
        "72",
        "django.core.mail.backends.filebased.EmailBackend",
        str(ROOT / "sent-mail"),
    ]


def test_prod_accepts_a_secret_key_that_starts_with_a_dollar_sign():
    """Django's get_random_secret_key() may start a key with "$"; it is the key, not the name of a variable."""
    key = "$" + PROD_KEY
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='hubportal.settings.prod';"
        "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    env_vars = {**clean, **PROD_REST, "SECRET_KEY": key, "ALLOWED_HOSTS": "portal.example"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env_vars, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == key


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp://mailer:s%40cret@mail.example:587",
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": 587, "EMAIL_HOST_USER": "mailer"}
            | {"EMAIL_HOST_PASSWORD": "s@cret", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtp://mail.example",
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": 587, "EMAIL_HOST_USER": ""}
            | {"EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
        (
            "smtp://relay.internal:25",
            {"EMAIL_HOST": "relay.internal", "EMAIL_PORT": 25, "EMAIL_HOST_USER": ""}
            | {"EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": False},
        ),
        (
            "smtps://mailer%40portal.example:pw@mail.example",
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": 465, "EMAIL_HOST_USER": "mailer@portal.example"}
            | {"EMAIL_HOST_PASSWORD": "pw", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True},
        ),
        (
            "smtps://mail.example:2465",
            {"EMAIL_HOST": "mail.example", "EMAIL_PORT": 2465, "EMAIL_HOST_USER": ""}
            | {"EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True},
        ),
        (
            "smtp://",
            {"EMAIL_HOST": "localhost", "EMAIL_PORT": 587, "EMAIL_HOST_USER": ""}
            | {"EMAIL_HOST_PASSWORD": "", "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False},
        ),
    ],
)
def test_an_smtp_url_sets_host_port_credentials_and_encryption(url, expected):
    assert mail(url) == {"EMAIL_BACKEND": SMTP, **expected}


def test_a_console_url_prints_mails():
    assert mail("console:") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def test_a_file_url_writes_mails_into_its_absolute_path():
    assert mail("file:///var/spool/hubportal-mail") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/spool/hubportal-mail",
    }


@pytest.mark.parametrize("url", ["ftp://mail.example", "smtp+tls://mail.example", "consolemail://", "mail.example"])
def test_an_unsupported_mail_url_is_refused_with_the_supported_schemes(url):
    with pytest.raises(ImproperlyConfigured, match=r"EMAIL_URL scheme .* is not supported: use smtp://, smtps://"):
        mail(url)


def test_an_unsupported_mail_url_stops_the_start():
    result = import_settings("hubportal.settings.dev", EMAIL_URL="sendmail://localhost")
    assert result.returncode != 0
    assert "EMAIL_URL scheme 'sendmail' is not supported" in result.stderr
