"""The warm-up before serving: every template compiled once, and no connection opened (it runs before a fork)."""

import os
import subprocess
import sys

import pytest
from django.db import connections
from django.template import engines
from django.template.backends.django import DjangoTemplates

from hubportal.core.warmup import warm_up


def cached_loader():
    engine = engines["django"]
    assert isinstance(engine, DjangoTemplates)
    return engine.engine.template_loaders[0]  # the cached loader (DEBUG off)


def cached_names() -> set[str]:
    loader = cached_loader()
    return {template.origin.template_name for template in loader.get_template_cache.values() if template}


def test_the_templates_are_compiled_before_the_first_request_and_no_database_is_touched():
    cached_loader().reset()
    assert "events/_seats.html" not in cached_names()
    compiled = warm_up()  # without a django_db mark: a query would fail this test
    names = cached_names()
    assert {"base.html", "events/_seats.html", "emails/account_deleted_message.txt"} <= names
    assert compiled >= len(names)
    assert all(connection.connection is None for connection in connections.all(initialized_only=True))


HOOKS = ("when_ready", "post_worker_init")


@pytest.mark.parametrize(("preload", "hook"), [("1", "when_ready"), ("0", "post_worker_init")])
def test_gunicorn_warms_up_and_freezes_once_where_the_workers_get_the_application(preload, hook):
    """With preload the master does it before the first fork, without it each worker; never both."""
    other = next(name for name in HOOKS if name != hook)
    code = (
        "import gc, runpy, django; django.setup(); conf = runpy.run_path('gunicorn.conf.py');"
        f"conf['{other}'](None); before = gc.get_freeze_count(); conf['{hook}'](None);"
        "print(before, gc.get_freeze_count())"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hubportal.settings.test", "GUNICORN_PRELOAD": preload}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    before, after = map(int, result.stdout.split()[-2:])
    assert before == 0  # the other hook did nothing
    assert after > 50_000
