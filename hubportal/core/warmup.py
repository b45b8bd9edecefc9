"""What an app server process would otherwise do on its first requests, done once before it serves.

A fresh process loads the translation catalogues, builds the URL resolver of each language and compiles every
template on first use: its first requests take 100–300 ms more than later ones. gunicorn replaces its workers now
and then (`GUNICORN_MAX_REQUESTS`), so under load every replaced worker would answer its first requests slowly.
`prepare_to_fork()` runs from gunicorn's hooks (gunicorn.conf.py): with `GUNICORN_PRELOAD` once in the master
before it forks the first worker, so that every worker, also one replacing a recycled worker, inherits the result;
else in each worker before it accepts requests. It opens no database or cache connection (a connection must not be
shared across a fork). `runserver` does not run it.

After the warm-up, the objects made so far (~200,000, alive as long as the process) are frozen out of the garbage
collector: a full collection walked them all, 60–70 ms on an idle machine and 250–330 ms under load, and those
pauses were the slowest 1 % of cached pages (docs/benchmarks.md, "Load run"). Collections no longer write to the
frozen objects either, so fewer of the memory pages a worker shares with the master get copied.
"""

import gc
import logging
import time
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.forms.renderers import get_default_renderer
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver, reverse
from django.utils import translation
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _project_templates() -> list[str]:
    """The names of the project's own templates (TEMPLATES' DIRS: the portal's pages, mails and overrides)."""
    names: list[str] = []
    for engine in engines.all():
        for folder in map(Path, engine.dirs):
            names += [str(path.relative_to(folder)) for path in sorted(folder.rglob("*")) if path.is_file()]
    return names


def _form_templates() -> list[str]:
    """The widget templates of Django's forms, which the form renderer compiles on first use."""
    import django.forms

    folder = Path(django.forms.__file__).parent / "templates"
    return [str(path.relative_to(folder)) for path in sorted(folder.rglob("*.html"))]


def warm_up() -> int:
    """Imports what the first request would, loads the catalogues and URL resolvers of every language and compiles
    the project's templates and the form widgets'; returns how many templates it compiled."""
    began = time.monotonic()
    for alias in settings.CACHES:
        caches[alias]  # noqa: B018  # imports the backend (Redis' client); connects on first use only
    import_module(settings.SESSION_ENGINE)
    import_string(settings.MESSAGE_STORAGE)
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
            reverse("home")
    resolver.url_patterns  # noqa: B018  # imports every URLconf module
    compiled = 0
    for name in _project_templates():
        for engine in engines.all():
            try:
                engine.get_template(name)
            except (TemplateSyntaxError, UnicodeDecodeError) as error:  # an asset, or a fragment for another engine
                logger.debug("Not compiled before serving: %s (%s)", name, error)
            else:
                compiled += 1
    renderer = get_default_renderer()
    for name in _form_templates():
        renderer.get_template(name)
        compiled += 1
    logger.info("Warmed up in %.0f ms: %d templates", (time.monotonic() - began) * 1000, compiled)
    return compiled


def prepare_to_fork() -> None:
    """`warm_up()`, then one full collection of what start-up left behind, and the rest frozen (module docstring)."""
    warm_up()
    gc.collect()
    gc.freeze()
