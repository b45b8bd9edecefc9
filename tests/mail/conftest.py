import pytest
from django.core.cache import cache

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "mail"]}}


@pytest.fixture
def db_tasks(settings):
    """The production task setup: tasks are rows in the database until a worker runs them."""
    settings.TASKS = DB_TASKS
    return settings


@pytest.fixture
def mail_down(settings):
    """SMTP is unreachable."""
    settings.EMAIL_BACKEND = "tests.mail.backends.FailingBackend"
    return settings


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth's rate limits live in the cache; each test starts with none used up."""
    cache.clear()
    yield
    cache.clear()
