"""A task worker whose SMTP server hangs, to be killed mid-delivery (tests/mail/test_worker_killed.py)."""

from hubportal.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}
EMAIL_BACKEND = "tests.mail.backends.HangingBackend"
