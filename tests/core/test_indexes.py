"""hubportal.indexes: SQLite gets an index's NULLS FIRST/LAST left out only where it sorts NULLs that way anyway."""

from types import SimpleNamespace

import pytest
from django.db.models import F

from hubportal.indexes import without_default_nulls

SQLITE = SimpleNamespace(order_by_nulls_first=True)  # NULLs sort as the smallest values
NULLS_LARGEST = SimpleNamespace(order_by_nulls_first=False)  # as in Oracle


@pytest.mark.parametrize(
    ("features", "ordering", "left_out"),
    [
        (SQLITE, F("amount").desc(nulls_last=True), True),
        (SQLITE, F("amount").asc(nulls_first=True), True),
        (SQLITE, F("amount").desc(nulls_first=True), False),
        (SQLITE, F("amount").asc(nulls_last=True), False),
        (NULLS_LARGEST, F("amount").desc(nulls_first=True), True),
        (NULLS_LARGEST, F("amount").desc(nulls_last=True), False),
    ],
)
def test_nulls_order_is_left_out_where_it_repeats_the_database_default(features, ordering, left_out):
    result = without_default_nulls(ordering, features)
    assert result.descending == ordering.descending and result.expression == ordering.expression
    assert (not result.nulls_first and not result.nulls_last) == left_out


def test_expressions_without_ordering_stay_as_they_are():
    name = F("name")
    assert without_default_nulls(name, SQLITE) is name
