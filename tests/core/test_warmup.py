"""The warm-up before serving: every template compiled once, and no connection opened (it runs before a fork)."""

import os
import subprocess
import sys

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


def test_the_app_servers_objects_of_start_up_are_frozen_out_of_the_garbage_collector():
    """What hubportal.wsgi leaves behind for gunicorn to fork from: warm, and frozen (full collections stay short)."""
    code = "import gc, hubportal.wsgi; print(gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hubportal.settings.test"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)  # noqa: S603
    assert int(result.stdout.split()[-1]) > 50_000
