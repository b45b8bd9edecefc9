"""Reads for the pages of other apps: the open calls on the home page and on a hub's page."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Call

HOME_LIMIT = 3


def open_calls(now: datetime | None = None) -> "QuerySet[Call]":
    """Published calls taking applications now, nearest deadline first (one query with the hub)."""
    return Call.objects.published().open(now).for_listing()


def home_context(request: HttpRequest) -> dict[str, Any]:
    """The home page's part (hubportal/core/home.py): `open_calls`, shown while they are open."""
    return {"open_calls": list(open_calls()[:HOME_LIMIT])}
