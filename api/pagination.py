"""Keyset ("cursor") pagination: a stable order, and a deep page costs what the first one does.

Each list names its order as `Key`s ending in a unique column (the id); the cursor holds the sort values of the last
row of a page, and the next page starts after them, through the index of that order instead of an OFFSET.
"""

import base64
import binascii
import datetime
import decimal
import json
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param


@dataclass(frozen=True)
class Key:
    """One column of an order: a field or annotation name, its direction, and whether it can be NULL (sorted last)."""

    name: str
    descending: bool = False
    nullable: bool = False
    expression: object = None  # annotated under `name` when given

    def order(self):
        column = F(self.name)
        if self.descending:
            return column.desc(nulls_last=True) if self.nullable else column.desc()
        return column.asc()


def _after(key: Key, value) -> Q | None:
    """Rows after `value` in this column alone (NULLs come last)."""
    if value is None:
        return None
    q = Q(**{f"{key.name}__{'lt' if key.descending else 'gt'}": value})
    return q | Q(**{f"{key.name}__isnull": True}) if key.nullable else q


def _equal(key: Key, value) -> Q:
    return Q(**{f"{key.name}__isnull": True}) if value is None else Q(**{key.name: value})


def keyset_after(keys: list[Key], values: list) -> Q:
    """Rows strictly after `values` in the order `keys`, plus a range bound on the first column for the index."""
    condition = Q(pk__in=[])
    prefix = Q()
    for key, value in zip(keys, values, strict=True):
        after = _after(key, value)
        if after is not None:
            condition |= prefix & after
        prefix &= _equal(key, value)
    first, value = keys[0], values[0]
    if value is not None and not first.nullable:
        condition &= Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": value})
    return condition


def _plain(value):
    """Sort values as JSON, exactly (Django's encoder would cut microseconds, and rows would repeat or vanish)."""
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    raise TypeError(type(value))


class KeysetPagination(BasePagination):
    """`?cursor=` from the previous page's `next`, `?limit=` rows per page (1–100, default 20)."""

    page_size = 20
    max_page_size = 100
    cursor_query_param = "cursor"
    limit_query_param = "limit"

    def paginate_queryset(self, queryset, request, view=None):
        keys = view.keyset()
        self.request, self.keys = request, keys
        self.limit = self._limit(request)
        annotations = {key.name: key.expression for key in keys if key.expression is not None}
        queryset = queryset.annotate(**annotations).order_by(*(key.order() for key in keys))
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            queryset = queryset.filter(keyset_after(keys, self._decode(cursor)))
        rows = list(queryset[: self.limit + 1])
        self.has_next = len(rows) > self.limit
        rows = rows[: self.limit]
        self.last = [getattr(rows[-1], key.name) for key in keys] if rows else None
        return rows

    def _limit(self, request) -> int:
        raw = request.query_params.get(self.limit_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise ValidationError({"limit": [_("A whole number from 1 to %(max)d.") % {"max": self.max_page_size}]})
        return int(raw)

    def _signature(self) -> str:
        return ",".join(f"{'-' if key.descending else ''}{key.name}" for key in self.keys)

    def _decode(self, cursor: str) -> list:
        try:
            data = json.loads(base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4)))
            values, order = data["v"], data["o"]
        except (ValueError, KeyError, TypeError, UnicodeError, binascii.Error):
            raise ValidationError({"cursor": [_("This cursor is not valid.")]}) from None
        if order != self._signature() or not isinstance(values, list) or len(values) != len(self.keys):
            raise ValidationError({"cursor": [_("This cursor belongs to another order or filter.")]})
        if any(not isinstance(value, str | int | float | type(None)) for value in values):
            raise ValidationError({"cursor": [_("This cursor is not valid.")]})
        return values

    def _encode(self, values: list) -> str:
        raw = json.dumps({"v": values, "o": self._signature()}, default=_plain, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._encode(self.last))

    def get_first_link(self):
        return remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "first": self.get_first_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "first", "results"],
            "properties": {"next": link, "first": {"type": "string", "format": "uri"}, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": "The position from the `next` link of the previous page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.limit_query_param,
                "in": "query",
                "required": False,
                "description": f"Rows per page, 1 to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
