"""While the database cannot be reached, every page answers 503 in our design instead of a 500.

Nothing here holds state: the next request opens a new connection (Django closes unusable ones
at the end of a request), so the portal recovers by itself once the database is back.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


# PostgreSQL error classes meaning "cannot serve you now": connection exception, insufficient resources
# (e.g. too many connections), operator intervention (shutdown, restart, cancelled by a timeout).
POSTGRES_UNAVAILABLE_CLASSES = {"08", "53", "57"}


def is_database_unavailable(exception: BaseException | None) -> bool:
    """Whether Django's wrapped driver error says the database cannot be reached or cannot serve now.

    Other operational errors (a query over a limit, a deadlock, a missing table) are bugs: they stay 500s.
    """
    if isinstance(exception, InterfaceError):
        return True
    if not isinstance(exception, OperationalError):
        return False
    sqlstate = getattr(exception.__cause__, "sqlstate", None)
    if sqlstate:
        return sqlstate[:2] in POSTGRES_UNAVAILABLE_CLASSES
    return True  # no answer from the server at all: refused, lost, timed out


def database_unavailable_response() -> HttpResponse:
    """The 503 page, rendered without the request: no context processors, no user or session lookup."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised in a view or template into the 503 page.

    Errors raised in other middleware (e.g. saving the session) reach `handler500`, which answers
    the same way (hubportal.core.views.error_500).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        # The details go to the log only; the page never shows them.
        logger.error("Database unavailable, answered 503: %s %s", request.method, request.path, exc_info=exception)
        return database_unavailable_response()
