"""Indexes that both of our databases can build, so that SQLite can always rebuild a table that has them."""

import copy

from django.db.models import Index, OrderBy


class NullsOrderIndex(Index):
    """An index on expressions sorted with NULLS FIRST/LAST, written out on PostgreSQL only.

    SQLite refuses NULLS FIRST/LAST in an index ("unsupported use of NULLS LAST"), also when it rebuilds a table
    with the index. It sorts NULLs first ascending and last descending anyway, so there the modifier is left out
    where it repeats that order, and the index serves the same ORDER BY. Any other NULLS order is kept (and fails).
    """

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        features = schema_editor.connection.features
        index = copy.copy(self)
        index.expressions = tuple(without_default_nulls(expression, features) for expression in self.expressions)
        return super(NullsOrderIndex, index).create_sql(model, schema_editor, using=using, **kwargs)


def without_default_nulls(expression, features):
    """`expression` without a NULLS FIRST/LAST that repeats where the database sorts NULLs anyway."""
    if not isinstance(expression, OrderBy):
        return expression
    nulls_come_first = features.order_by_nulls_first != expression.descending
    if (expression.nulls_first and nulls_come_first) or (expression.nulls_last and not nulls_come_first):
        return OrderBy(expression.expression, descending=expression.descending)
    return expression
