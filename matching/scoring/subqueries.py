"""The raw-SQL parts of the match statement: subqueries compiled once, and the id tests built from them."""

from django.core.exceptions import EmptyResultSet
from django.db.models import BooleanField, Expression, F, Func


class _CompiledSubquery(Expression):
    """A subquery compiled once, when the match statement is built (see `_compiled`)."""

    def __init__(self, sql: str, params: tuple):
        super().__init__()
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection, **extra_context):
        return self.sql, self.params


def _compiled(queryset):
    """`queryset` as a subquery compiled to SQL right away. Nested subqueries of the match statement refer to no
    outer row, and a `Subquery` would be resolved again, expression by expression, at every level that nests
    it (most of the time a match page took in Python, with a thesis three times its SQL)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. from `Startup.objects.none()`: the same columns, and no row
        columns = queryset.query.values_select or ("pk",)
        sql, params = queryset.model.objects.filter(pk__isnull=True).values(*columns).query.sql_with_params()
    return _CompiledSubquery(f"({sql})", tuple(params))


class _AmongBest(Func):
    """The row is among the ids of `when_full` (default: the full matches themselves) when `upto` rows meet every
    criterion in full (`full`: those rows, newest first), else among the ids of `otherwise`. The full matches
    are looked up once (a materialised CTE); PostgreSQL runs only the alternative whose one-time test on their
    count holds, and does not even start the other (each sits behind an `OFFSET 0` fence, so that the test
    stays above it rather than inside a parallel scan, whose parameters are computed before it starts)."""

    output_field = BooleanField()

    def __init__(self, full, otherwise, *, upto: int, when_full=None):
        alternatives = [otherwise] if when_full is None else [otherwise, when_full]
        super().__init__(F("pk"), full, *(_compiled(queryset) for queryset in alternatives))
        self.upto = upto

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        full, full_params = compiler.compile(self.source_expressions[1])
        params = [*params, *full_params]
        count = "(SELECT COUNT(*) FROM full_matches)"

        def alternative(expression, test):
            sql, sql_params = compiler.compile(expression)
            params.extend([*sql_params, self.upto])
            return f"SELECT * FROM (SELECT * FROM {sql} alternative OFFSET 0) fenced WHERE {count} {test} %s"  # noqa: S608

        if len(self.source_expressions) > 3:
            first = alternative(self.source_expressions[3], ">=")
        else:
            first = "SELECT * FROM full_matches"
        otherwise = alternative(self.source_expressions[2], "<")
        # Only compiled SQL of our own querysets goes into the text; every value is a parameter.
        ids = f"WITH full_matches AS MATERIALIZED {full} {first} UNION ALL {otherwise}"
        # The few ids become index probes; an `IN (subquery)` is planned as a join that reads the whole table,
        # since the planner cannot know how few they are.
        return f"({column} = ANY(ARRAY({ids})))", tuple(params)


class _AmongIds(Func):
    """The row is among the ids `queryset` selects (a few): PostgreSQL looks them up as index probes, where an
    `IN (subquery)` would be planned as a join that reads the whole table (the planner cannot know how few)."""

    output_field = BooleanField()

    def __init__(self, queryset):
        super().__init__(F("pk"), _compiled(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        ids, id_params = compiler.compile(self.source_expressions[1])
        return f"({column} = ANY(ARRAY{ids}))", (*params, *id_params)


class _NewestAcross(Func):
    """The pks of the `upto` newest rows of several querysets (each selecting pk and published_at, newest first,
    sliced to `upto`), newest first. PostgreSQL merges the branches' index walks (a Merge Append) and stops
    every walk as soon as `upto` rows are found."""

    def __init__(self, *branches, upto: int):
        super().__init__(*(_compiled(branch) for branch in branches))
        self.upto = upto

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for branch in self.source_expressions:
            sql, branch_params = compiler.compile(branch)
            parts.append(sql)
            params.extend(branch_params)
        union = " UNION ALL ".join(parts)
        # Only compiled SQL of our own querysets goes into the text; every value is a parameter.
        sql = f"SELECT merged.id FROM ({union}) merged (id, published_at)"  # noqa: S608
        return f"({sql} ORDER BY merged.published_at DESC, merged.id DESC LIMIT %s)", (*params, self.upto)
