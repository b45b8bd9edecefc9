import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


class AddIndexOnPostgres(migrations.AddIndex):
    """SQLite has no GIN indexes (it searches with icontains)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def fill_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    Startup = apps.get_model("startups", "Startup")
    Startup.objects.using(schema_editor.connection.alias).update(
        search_public=SearchVector("name", weight="A", config="german")
        + SearchVector("pitch", weight="B", config="german")
        + SearchVector("city", weight="B", config="german"),
        search_company=SearchVector("description", weight="C", config="german"),
    )


class Migration(migrations.Migration):
    """One vector per visibility: the description must only be searched where the viewer sees it."""

    dependencies = [
        ("startups", "0002_funding_sort_indexes"),
    ]

    operations = [
        # PostgreSQL built it in 0001; SQLite got a plain copy when a later table rebuild recreated the indexes.
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.RemoveIndex(model_name="startup", name="startup_search_gin")],
            database_operations=[migrations.RunSQL('DROP INDEX IF EXISTS "startup_search_gin"', migrations.RunSQL.noop)],
        ),
        migrations.RemoveField(model_name="startup", name="search_vector"),
        migrations.AddField(
            model_name="startup",
            name="search_public",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="startup",
            name="search_company",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop, elidable=True),
        AddIndexOnPostgres(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_public"], name="startup_search_public_gin"),
        ),
        AddIndexOnPostgres(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_company"], name="startup_search_company_gin"),
        ),
    ]
