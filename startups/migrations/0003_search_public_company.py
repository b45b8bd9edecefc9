import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations


def fill_vectors(apps, schema_editor):
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
        # 0001 built it with raw SQL; this drops it and takes it out of the state.
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
        migrations.AddIndex(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_public"], name="startup_search_public_gin"),
        ),
        migrations.AddIndex(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search_company"], name="startup_search_company_gin"),
        ),
    ]
