"""Settings shared by every environment. Values come from environment variables."""

import os
from pathlib import Path

import dj_database_url
import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


class Env(environ.Env):
    """django-environ's reader, whose lists drop the spaces around items and empty items ("a, b," is a and b)."""

    def list(self, var, cast=None, default=environ.Env.NOTSET):
        return [item for item in super().list(var, cast=cast or str.strip, default=default) if item]


# Booleans, numbers and lists are read through `env`; strings (URLs too) straight from os.environ, since
# django-environ takes a value starting with "$" for the name of another variable to read, and a SECRET_KEY made
# by Django's get_random_secret_key() may start with one.
env = Env()

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "hubportal.users",
    "hubportal.mail",
    "hubportal.activity",
    "hubportal.core",
    "hubportal.scheduler",
    "hubs",
    "startups",
    "events",
    # Django's admin app with our admin site (allauth login, MFA, dashboard).
    "hubportal.admin.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "django_tasks",
    "hubportal.core.tasks_app.TasksDatabaseConfig",  # django_tasks_db, with a translated name
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "agency",
    "matching",
    "calls",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "django.contrib.sitemaps",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous reads of the open data API from any origin (CORS_* below); before anything that answers itself.
    "corsheaders.middleware.CorsMiddleware",
    # Pages compressed for browsers that accept gzip (static files come compressed from WhiteNoise already); Django
    # pads each with random bytes against BREACH, and masks CSRF tokens anew on every page.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "hubportal.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hubportal.core.pagecache.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, so its process_exception runs first: no other hook touches the dead database before it.
    "hubportal.core.database_unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "hubportal.urls"
WSGI_APPLICATION = "hubportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hubportal.core.context_processors.portal",
            ],
            "builtins": ["django.templatetags.i18n"],
        },
    }
]


def database(url: str) -> dj_database_url.DBConfig:
    """Django's settings of the PostgreSQL database at `url`."""
    config = dj_database_url.parse(url, conn_max_age=env.int("CONN_MAX_AGE", default=0), conn_health_checks=True)
    # No JIT compilation: it costs 0.5–1 s per query whose estimate passes jit_above_cost (the match score over
    # every published startup, where the query itself runs in ~0.5 s), and no page gains from it.
    config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
    return config


# PostgreSQL only. Without DATABASE_URL, dev.py and test.py start the checkout's own server (hubportal/devdb.py).
# dj-database-url reads the URL: django-environ's db_url would keep the embedded server's socket path (the host,
# percent-encoded) encoded.
DATABASES = {"default": database(os.environ["DATABASE_URL"])} if os.environ.get("DATABASE_URL") else {}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))  # collectstatic writes here
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Django serves MEDIA_URL itself only in DEBUG or with SERVE_MEDIA=1 (`make serve`); in production nginx does.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=False)
# Private uploads (application PDFs of calls): outside MEDIA_ROOT, served only by views that check permission.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "hubportal.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "users:account"

# Cache: Redis when REDIS_URL is set (shared by all processes, used by allauth's rate
# limits), otherwise a per-process memory cache. While Redis is down the portal keeps serving from a
# per-process stand-in (hubportal/core/cache.py); the short timeouts keep a dead Redis host from stalling pages.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "hubportal.core.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the database: a signed-in page reads its session from
# Redis instead of PostgreSQL, and nothing is lost when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Whole public pages for visitors without a session, from the cache (hubportal/core/pagecache.py): at most this old
# for what depends on the time alone; edits show at once. 0 switches it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)


# Mail. EMAIL_URL: smtp://user:password@host:587 (STARTTLS; none on port 25), smtps://user:password@host:465
# (TLS from the first byte), console:, file:///path. django-environ parses the URL; the scheme names are ours,
# since django-environ's differ (its smtps:// means STARTTLS, and it has no console: or file:).
def mail(url: str) -> dict:
    """Django's mail settings for the EMAIL_URL `url`; an unknown scheme stops the start with the known ones."""
    backends = {
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtps": "django.core.mail.backends.smtp.EmailBackend",
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
    }
    scheme = url.partition(":")[0]
    if scheme not in backends:
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme {scheme!r} is not supported: use smtp://, smtps://, console: or file:///path."
        )
    config = Env.email_url_config(url, backend=backends[scheme])
    if scheme == "console":
        return {"EMAIL_BACKEND": config["EMAIL_BACKEND"]}
    if scheme == "file":
        # django-environ drops the leading "/" of the path of file:///path.
        return {"EMAIL_BACKEND": config["EMAIL_BACKEND"], "EMAIL_FILE_PATH": "/" + config["EMAIL_FILE_PATH"]}
    port = config["EMAIL_PORT"] or (465 if scheme == "smtps" else 587)
    return {
        "EMAIL_BACKEND": config["EMAIL_BACKEND"],
        "EMAIL_HOST": config["EMAIL_HOST"] or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": config["EMAIL_HOST_USER"] or "",
        "EMAIL_HOST_PASSWORD": config["EMAIL_HOST_PASSWORD"] or "",
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": scheme == "smtp" and port != 25,
    }


EMAIL_URL = os.environ.get("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hubportal <noreply@hubportal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = BASE_DIR / "sent-mail"
if EMAIL_URL:
    globals().update(mail(EMAIL_URL))

# Background tasks (mail): the database backend; `make worker` runs the worker.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail"],
    }
}
EMAIL_SUBJECT_PREFIX_PORTAL = "[Hubportal] "
MAIL_RETRY_HOURS = env.int("MAIL_RETRY_HOURS", default=72)  # keep retrying this long, then "failed"
MAIL_MAX_ATTEMPTS = env.int("MAIL_MAX_ATTEMPTS", default=200)
# Stored mails (delivered or given up) are deleted after this many days by `purge_expired_data` (privacy page).
MAIL_RETENTION_DAYS = env.int("MAIL_RETENTION_DAYS", default=90)

# django-allauth (65.x setting names)
ACCOUNT_ADAPTER = "hubportal.users.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "hubportal.users.forms.SignupForm"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Hubportal] "
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Hubportal"

# Session-backed messages that never create a session for an anonymous visitor (hubportal/core/messages.py).
MESSAGE_STORAGE = "hubportal.core.messages.SignedInSessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Health checks (/healthz, /readyz) answer for themselves; a failing probe every few seconds is no log line.
    "filters": {"skip_health_checks": {"()": "hubportal.core.health.SkipHealthChecks"}},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.request": {"filters": ["skip_health_checks"]},
    },
}

FORM_RENDERER = "hubportal.core.forms.PortalFormRenderer"
FORMS_URLFIELD_ASSUME_HTTPS = True  # Django 6 default: "example.org" in a URL field means https://

# Accounts: security notifications (password/email changed, 2FA on/off) by mail.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# After logging out, land on the home page in the language the person was using.
ACCOUNT_LOGOUT_REDIRECT_URL = "home"

# Events: guest registrations (each sends an opt-in mail) per IP, through allauth's rate limiter.
ACCOUNT_RATE_LIMITS["event_guest_registration"] = "5/m/ip,20/h/ip"

# Agency back office: advice requests, hub updates and reports, dashboard, staff roles.
# An advice request without a public reply for this many working days (Mon–Fri) is flagged overdue.
ADVICE_OVERDUE_WORKING_DAYS = 3
# Staff must have a TOTP authenticator (allauth MFA) to open the admin. The test settings switch this
# off so that tests using `admin_client`/`force_login` keep working; tests of the rule switch it on.
ADMIN_REQUIRE_MFA = env.bool("ADMIN_REQUIRE_MFA", default=True)

# Matching and introductions: see docs/matching.md.
# Relative weight of each criterion in the match score (0–100); criteria without data count half.
MATCHING_WEIGHTS = {"topics": 35, "stage": 20, "ticket": 20, "hub": 10, "thesis": 15}
INTRO_EXPIRY_DAYS = 14
INTRO_DAILY_LIMIT = 10
# Security headers (docs/security.md); every environment sends them, so every test sees them.
# HSTS, secure cookies and the proxy header are switched on in prod.py.
# Content-Security-Policy (django-csp 4): only our own files. No inline scripts or styles, no eval: a script is
# a file in static/js/ loaded with <script src defer>, a style is a class in static/css/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
X_FRAME_OPTIONS = "DENY"  # for browsers without CSP frame-ancestors
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Cross-Origin-Resource-Policy and Permissions-Policy: hubportal.core.middleware.SecurityHeadersMiddleware.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
# Browser features no page needs are off; the key is the feature, the value its allow list ([] = nobody).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
# Per URL name, features a page does need: the staff check-in page scans ticket QR codes with the camera
# and plays the camera picture in a <video> (static/js/events.js).
PERMISSIONS_POLICY_VIEWS = {"events:event_checkin": {"camera": ["self"], "autoplay": ["self"]}}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads the token from the cookie; forms carry it
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hubportal.core.views.csrf_failure"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Rate limits of our own actions, through allauth's limiter (allauth.core.ratelimit; the counters live in the
# cache, so with REDIS_URL every process shares them). A limited request gets a 429 with the form and its input.
ACCOUNT_RATE_LIMITS["event_registration"] = "10/m/user"
ACCOUNT_RATE_LIMITS["introduction_request"] = "5/m/user,20/m/ip"

# Background tasks whose worker died: a task still "running" this long after it started is marked failed
# (`fail_lost_tasks`, run by the scheduler; hubportal/core/task_results.py). Longer than any task may take.
TASKS_LOST_AFTER_MINUTES = env.int("TASKS_LOST_AFTER_MINUTES", default=30)
# Calls and competitions: see docs/calls.md.
CALLS_FILE_MAX_BYTES = 10 * 1024 * 1024  # a PDF answer may be this large
# A flag in the ranking when the jurors' weighted scores of one application lie this far apart (1–5 scale).
CALLS_DISAGREEMENT_SPREAD = 1.5


# Open data API: REST framework, OpenAPI schema, CORS and request limits (hubportal/settings/open_data.py).
from .open_data import *  # noqa: E402, F403
