"""Production: refuses to start without its required settings; HTTPS behind a reverse proxy.

Required environment: SECRET_KEY (≥ 50 random characters, as Django's deploy check wants), ALLOWED_HOSTS,
DATABASE_URL, SITE_URL (https://…).
The proxy must send `X-Forwarded-Proto: https` (and strip it from clients). `manage.py check --deploy`
passes with no issue (tests/security/test_deploy_check.py).
"""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, REST_FRAMEWORK, SITE_URL, env

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("Set SECRET_KEY (at least 50 random characters) for production.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma separated host names) for production.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL (e.g. postgres://user:password@host:5432/hubportal) for production.")
# LOCAL_HTTP=1 (`make serve` only): the production stack over plain HTTP on this machine's loopback address, where
# no one else can listen in. It is refused for any other host, so it cannot weaken a real deployment.
LOCAL_HTTP = env.bool("LOCAL_HTTP", default=False)
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
if LOCAL_HTTP:
    if not (
        urlsplit(SITE_URL).scheme == "http"
        and urlsplit(SITE_URL).hostname in LOOPBACK_HOSTS
        and {host.strip("[]") for host in ALLOWED_HOSTS} <= LOOPBACK_HOSTS
    ):
        raise ImproperlyConfigured(
            "LOCAL_HTTP=1 is only for a SITE_URL http://127.0.0.1:… and ALLOWED_HOSTS on this machine's loopback."
        )
elif not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("Set SITE_URL to the portal's https:// address (used in mails) for production.")

# The reverse proxy terminates TLS and tells Django with this header that the request came over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True) and not LOCAL_HTTP
# Health checks probe the app servers directly, without the proxy's X-Forwarded-Proto: answer, don't redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = not LOCAL_HTTP
CSRF_COOKIE_SECURE = not LOCAL_HTTP
LANGUAGE_COOKIE_SECURE = not LOCAL_HTTP
# Rate limits count per client IP: behind the proxy that is the last X-Forwarded-For entry the proxy appended
# (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), not the proxy's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# Persistent database connections: each gunicorn thread keeps its own for CONN_MAX_AGE seconds instead of opening
# one per request, and checks it before reuse (conn_health_checks, base.py), so a restarted PostgreSQL costs a
# reconnect, not an error. Size: servers × workers × threads (+ task workers and schedulers) < max_connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# The per-IP limit of the API counts the client address our proxies append to X-Forwarded-For.
REST_FRAMEWORK["NUM_PROXIES"] = ALLAUTH_TRUSTED_PROXY_COUNT
