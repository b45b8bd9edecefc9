"""django-tasks-db under a translated name (its own, "Tasks Database Backend", is English only).

In a module of its own: a second AppConfig in hubportal/core/apps.py would keep Django from choosing CoreConfig.
"""

from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TasksDatabaseConfig(TasksAppConfig):
    verbose_name = _("Background tasks")  # type: ignore[assignment]  # a lazy translation, as Django allows
