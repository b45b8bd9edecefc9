"""Local development: debug on, a fixed dev secret, mail into ./sent-mail, tasks run at once.

Without DATABASE_URL the checkout's own PostgreSQL server is started (hubportal/devdb.py, data in .pgdata/).
"""

import os

from .base import *  # noqa: F403
from .base import DATABASES, database, env

if not DATABASES:
    from hubportal import devdb

    DATABASES = {"default": database(devdb.database_url())}

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-never-use-in-production"
# Same queues as production ("default" and "mail"): a task on an unknown queue fails at import.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
        "QUEUES": ["default", "mail"],
    }
}
