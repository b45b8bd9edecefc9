import django.contrib.postgres.indexes
from django.db import migrations, models

import hubportal.indexes


class AddIndexOutsidePostgres(migrations.AddIndex):
    """Builds an index of the state on SQLite only: PostgreSQL has had it since 0002 or 0003 (the same SQL)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


SQLITE_MISSING = [
    "startup_pub_funding",
    "startup_pub_funding_public",
    "startup_pub_funding_investors",
    "startup_search_public_gin",
    "startup_search_company_gin",
]


class Migration(migrations.Migration):
    """SQLite gets the indexes of the state it lacked, as a rebuild of the table would build them all.

    The funding sort indexes become NullsOrderIndex, which leaves out NULLS LAST on SQLite (it cannot index it and
    sorts NULLs last in DESC anyway); the GIN indexes are plain indexes there (of columns only PostgreSQL fills),
    so that later migrations find the same indexes on every SQLite database, rebuilt or not. PostgreSQL keeps its
    indexes untouched: only the state drops and re-adds them (the funding ones with their new class).
    """

    dependencies = [
        ("startups", "0007_match_walk_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="startup", name=name) for name in SQLITE_MISSING
            ],
        ),
        AddIndexOutsidePostgres(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_public"], name="startup_search_public_gin"),
        ),
        AddIndexOutsidePostgres(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_company"], name="startup_search_company_gin"),
        ),
        AddIndexOutsidePostgres(
            model_name="startup",
            index=hubportal.indexes.NullsOrderIndex(
                models.OrderBy(models.F("funding_sought"), descending=True, nulls_last=True),
                models.F("name"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="startup_pub_funding",
            ),
        ),
        AddIndexOutsidePostgres(
            model_name="startup",
            index=hubportal.indexes.NullsOrderIndex(
                models.OrderBy(
                    models.Case(models.When(funding_visibility__in=["public"], then=models.F("funding_sought")), default=None),
                    descending=True,
                    nulls_last=True,
                ),
                models.F("name"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="startup_pub_funding_public",
            ),
        ),
        AddIndexOutsidePostgres(
            model_name="startup",
            index=hubportal.indexes.NullsOrderIndex(
                models.OrderBy(
                    models.Case(
                        models.When(funding_visibility__in=["public", "investors"], then=models.F("funding_sought")),
                        default=None,
                    ),
                    descending=True,
                    nulls_last=True,
                ),
                models.F("name"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="startup_pub_funding_investors",
            ),
        ),
    ]
