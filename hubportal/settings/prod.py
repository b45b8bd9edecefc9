"""Production: refuses to start without its required settings; HTTPS behind a reverse proxy.

Required environment: SECRET_KEY (≥ 50 random characters, as Django's deploy check wants), ALLOWED_HOSTS,
DATABASE_URL, SITE_URL (https://…).
The proxy must send `X-Forwarded-Proto: https` (and strip it from clients). `manage.py check --deploy`
passes with no issue (tests/security/test_deploy_check.py).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SITE_URL, env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured("Set SECRET_KEY (at least 50 random characters) for production.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS (comma separated host names) for production.")
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("Set DATABASE_URL (e.g. postgres://user:password@host:5432/hubportal) for production.")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("Set SITE_URL to the portal's https:// address (used in mails) for production.")

# The reverse proxy terminates TLS and tells Django with this header that the request came over HTTPS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
# Rate limits count per client IP: behind the proxy that is the last X-Forwarded-For entry the proxy appended
# (nginx: `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;`), not the proxy's own address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "1"))
