import json
import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# HYPOTHESIS_PROFILE=ci (default: few, always the same examples, so the suite stays fast and stable)
# or HYPOTHESIS_PROFILE=thorough (many new random examples each run; see docs/security.md, "Hostile input").
_common = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    "print_blob": True,
}
hypothesis_settings.register_profile("ci", max_examples=25, derandomize=True, **_common)  # type: ignore[arg-type]  # hypothesis settings kwargs
hypothesis_settings.register_profile("thorough", max_examples=400, **_common)  # type: ignore[arg-type]  # hypothesis settings kwargs
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "hubportal.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "hubportal.example",
    "DATABASE_URL": "postgres://hubportal@127.0.0.1:5432/hubportal",  # `check` does not connect
    "SITE_URL": "https://hubportal.example",
}

# Variables of the test run that must not leak into "production" (the browser fixture sets the async one).
INHERITED_SETTINGS = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "TRUSTED_PROXY_COUNT",
    "ADMIN_REQUIRE_MFA",
    "CONN_MAX_AGE",
    "LOCAL_HTTP",
    "SERVE_MEDIA",
}

# The settings that make the security headers and cookies; the header tests take their production values.
SECURITY_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "X_FRAME_OPTIONS",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "PERMISSIONS_POLICY_VIEWS",
    "CROSS_ORIGIN_RESOURCE_POLICY",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
]


def run_manage(*args, env=None, drop=()):
    """Runs manage.py in a fresh interpreter with the production environment (plus `env`, less `drop`)."""
    environment = {key: value for key, value in os.environ.items() if key not in INHERITED_SETTINGS}
    environment.update(PROD_ENV)
    environment.update(env or {})
    for key in drop:
        environment.pop(key, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="session")
def prod_security_settings():
    """The security settings as hubportal.settings.prod makes them (read in a subprocess)."""
    names = json.dumps(SECURITY_SETTINGS)
    code = (
        "import json\nfrom django.conf import settings as s\n"
        f"print(json.dumps({{name: getattr(s, name) for name in {names}}}))"
    )
    result = run_manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def prod_like(settings, prod_security_settings):
    """This test runs with the production values of every security setting."""
    for name, value in prod_security_settings.items():
        setattr(settings, name, value)
    return settings
