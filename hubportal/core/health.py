"""Health endpoints for process managers, load balancers and monitoring (docs/production.md, "Health").

`/healthz` says the process answers (no database, no cache); `/readyz` says it can serve: the database answers,
the cache answers and every migration is applied. Both live outside the language prefix, set no cookie and are
left out of the logs while they succeed.
"""

import logging
import uuid

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.migrations.loader import MigrationLoader
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

HEALTH_PATHS = frozenset({"/healthz", "/readyz"})

# Migration files do not change while a process runs: once they are all applied, they stay applied.
_migrations_applied = False


def database_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Error:
        return "unreachable"
    return None


def cache_problem(alias: str = "default") -> str | None:
    cache = caches[alias]
    try:
        if hasattr(cache, "ping"):  # hubportal.core.cache.RedisCache: asks Redis itself, not its fallback
            cache.ping()
        else:
            key, value = f"readyz:{uuid.uuid4().hex}", uuid.uuid4().hex
            cache.set(key, value, 10)
            if cache.get(key) != value:
                return "not storing values"
            cache.delete(key)
    except Exception:  # any client error means the same: the cache cannot be used now
        return "unreachable"
    return None


def migrations_problem(alias: str = DEFAULT_DB_ALIAS) -> str | None:
    global _migrations_applied
    if _migrations_applied:
        return None
    try:
        loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    except Error:
        return "unknown (database unreachable)"
    # The graph holds a squashed migration or the ones it replaces, as applied; `migrate` would run the rest.
    missing = [key for key in loader.graph.nodes if key not in loader.applied_migrations]
    if missing:
        return f"{len(missing)} not applied"
    _migrations_applied = True
    return None


@csrf_exempt  # only GET and HEAD are answered; other methods get a plain 405
@never_cache
@require_safe
def healthz(request):
    """Liveness: the process is up and answers. Touches neither the database nor the cache."""
    return JsonResponse({"status": "ok"})


@csrf_exempt
@never_cache
@require_safe
def readyz(request):
    """Readiness: 200 when the database, the cache and the migrations are in order, else 503 with the reasons."""
    database = database_problem()
    checks = {
        "database": database,
        "cache": cache_problem(),
        # Without a database the migrations cannot be read; that is the database's problem, reported above.
        "migrations": migrations_problem() if database is None else "unknown (database unreachable)",
    }
    ready = not any(checks.values())
    body = {"status": "ok" if ready else "unavailable", "checks": {k: v or "ok" for k, v in checks.items()}}
    return JsonResponse(body, status=200 if ready else 503)


class SkipHealthChecks(logging.Filter):
    """Logging filter for `django.request`: a probe that finds the portal unready every few seconds would
    otherwise log an error each time; `/readyz` itself says what is wrong."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        return getattr(request, "path", None) not in HEALTH_PATHS
