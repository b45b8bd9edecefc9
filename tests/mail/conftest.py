import pytest

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
