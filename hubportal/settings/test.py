"""Test settings: fast hashing, mail in memory, tasks run in process."""

from .base import *  # noqa: F403
from .base import DATABASES, database

if not DATABASES:
    from hubportal import devdb

    DATABASES = {"default": database(devdb.database_url())}

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "hubportal.storage.PrivateFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True  # serve from the finders; tests never run collectstatic
# Tests write and read in one transaction, whose commit never comes: the page cache's tests switch it on.
PAGE_CACHE_SECONDS = 0
ADMIN_REQUIRE_MFA = False  # tests of the MFA rule switch it on (tests/agency/test_admin_mfa.py)
