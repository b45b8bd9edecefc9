"""Errors as JSON problem details (RFC 9457), never an HTML page; an unexpected error is logged and a JSON 500."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)

PROBLEM = "application/problem+json"
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status_code: int, detail: str, **extra) -> dict:
    title = TITLES.get(status_code, "")
    return {"type": "about:blank", "title": title, "status": status_code, "detail": detail, **extra}


def problem_exception_handler(exc, context):
    """DRF's handler, reshaped: `detail` is a sentence, field errors go to `errors` (name → messages)."""
    response = exception_handler(exc, context)
    if response is None and isinstance(exc, OperationalError | InterfaceError):
        # The database is unreachable: like the pages (hubportal/core/database_unavailable.py), a 503 to retry.
        response = Response(problem(503, _("The service is unavailable for a moment. Please try again.")), status=503)
        response["Retry-After"] = "30"
    elif response is None:
        logger.exception("API error", exc_info=exc)
        response = Response(status=status.HTTP_500_INTERNAL_SERVER_ERROR)
        response.data = problem(500, _("Something went wrong on our side."))
    elif isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = problem(400, _("Some parameters are not valid."), errors=errors)
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
        response.data = problem(response.status_code, str(detail))
    response.content_type = PROBLEM
    return response


def not_found(request, *args, **kwargs):
    """Any address under /api/ that names no resource."""
    return JsonResponse(problem(404, _("There is nothing at this address.")), status=404, content_type=PROBLEM)
