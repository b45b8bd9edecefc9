import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

import hubportal.fields

STAGES = [
    ("idea", "Idea"),
    ("pre_seed", "Pre-seed"),
    ("seed", "Seed"),
    ("series_a", "Series A"),
    ("series_b_plus", "Series B+"),
    ("growth", "Growth"),
]


def document(*parts):
    """SQL of hubportal.search.document as it is on the day of this migration: each text in German, English and
    as written, with its weight."""
    return " || ".join(
        f"setweight(to_tsvector('{config}'::regconfig, COALESCE(({text})::text, '')), '{weight}')"
        for text, weight in parts
        for config in ("german", "english", "simple")
    )


FILL_VECTORS = f"""
UPDATE startups_startup SET
    search_public = {document(("name", "A"), ("pitch", "B"), ("city", "B"))},
    search_company = {document(("description", "C"))};
UPDATE startups_investorprofile AS p SET
    search = {document(("p.organisation", "A"), ("u.first_name || ' ' || u.last_name", "A"), ("p.thesis", "B"))}
FROM users_user AS u WHERE u.id = p.user_id;
"""


class Migration(migrations.Migration):
    """PostgreSQL arrays instead of comma-separated text (an investor's stages, a startup's topic ids), and search
    vectors with German and English stems and the words as written, for investors too (hubportal/search.py)."""

    dependencies = [
        ("startups", "0007_match_walk_indexes"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    """ALTER TABLE startups_investorprofile ALTER COLUMN stages TYPE varchar(20)[]
                       USING array_remove(string_to_array(stages, ','), '')::varchar(20)[]""",
                    """ALTER TABLE startups_investorprofile ALTER COLUMN stages TYPE varchar(120)
                       USING CASE WHEN cardinality(stages) = 0 THEN '' ELSE ',' || array_to_string(stages, ',') || ',' END""",
                ),
                migrations.RunSQL(
                    """ALTER TABLE startups_startup ALTER COLUMN topic_ids TYPE bigint[]
                       USING array_remove(string_to_array(topic_ids, ','), '')::bigint[]""",
                    """ALTER TABLE startups_startup ALTER COLUMN topic_ids TYPE text
                       USING ',' || array_to_string(topic_ids, ',') || ','""",
                ),
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="investorprofile",
                    name="stages",
                    field=hubportal.fields.ChoiceArrayField(
                        base_field=models.CharField(choices=STAGES, max_length=20),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="preferred stages",
                    ),
                ),
                migrations.AlterField(
                    model_name="startup",
                    name="topic_ids",
                    field=django.contrib.postgres.fields.ArrayField(
                        base_field=models.BigIntegerField(), editable=False, null=True, size=None
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="investorprofile",
            name="search",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="investorprofile",
            index=django.contrib.postgres.indexes.GinIndex(fields=["stages"], name="investor_stages_gin"),
        ),
        migrations.AddIndex(
            model_name="investorprofile",
            index=django.contrib.postgres.indexes.GinIndex(fields=["search"], name="investor_search_gin"),
        ),
        migrations.AddIndex(
            model_name="startup",
            index=django.contrib.postgres.indexes.GinIndex(
                condition=models.Q(("status", "published")), fields=["topic_ids"], name="startup_pub_topics_gin"
            ),
        ),
        # Last: an UPDATE leaves deferred constraint checks behind, and PostgreSQL refuses to index the table then.
        migrations.RunSQL(FILL_VECTORS, migrations.RunSQL.noop),
    ]
