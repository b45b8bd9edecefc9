"""The event row lock that registration writes take, and what a visitor sees when it is busy.

Services call `locking.lock_event` through this module (not an imported name), so that a test can replace
the lock, or its timeout, in one place.
"""

import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

from ..models import Event
from .errors import RegistrationBusy

P = ParamSpec("P")
R = TypeVar("R")

logger = logging.getLogger(__name__)

LOCK_TIMEOUT = "5s"


def busy_guard(func: Callable[P, R]) -> Callable[P, R]:
    """Turns lock timeouts into RegistrationBusy (a friendly page, not a 500)."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OperationalError as error:
            logger.warning("Registration write for %s gave up: %s", func.__name__, error)
            raise RegistrationBusy from error

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def lock_event(event_id: int) -> Event:
    """Locks the event row for the rest of the transaction; waits at most LOCK_TIMEOUT."""
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    return Event.objects.select_for_update().get(pk=event_id)
