import django.contrib.postgres.indexes
from django.db import migrations, models

import hubportal.fields

STATES = [
    ("BW", "Baden-Württemberg"),
    ("BY", "Bayern"),
    ("BE", "Berlin"),
    ("BB", "Brandenburg"),
    ("HB", "Bremen"),
    ("HH", "Hamburg"),
    ("HE", "Hessen"),
    ("MV", "Mecklenburg-Vorpommern"),
    ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"),
    ("RP", "Rheinland-Pfalz"),
    ("SL", "Saarland"),
    ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"),
    ("SH", "Schleswig-Holstein"),
    ("TH", "Thüringen"),
]


def to_array(table):
    """The comma-separated state codes ("RP,BW", "" for none) of `table` become an array ({RP,BW}, {})."""
    return migrations.RunSQL(
        f"""ALTER TABLE {table} ALTER COLUMN states TYPE varchar(2)[]
            USING array_remove(regexp_split_to_array(btrim(states), '\\s*,\\s*'), '')::varchar(2)[]""",
        f"ALTER TABLE {table} ALTER COLUMN states TYPE varchar(20) USING array_to_string(states, ',')",
    )


class Migration(migrations.Migration):
    """PostgreSQL arrays instead of comma-separated text for the federal states of hubs and networks."""

    dependencies = [
        ("hubs", "0004_selection_round_languages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[to_array("hubs_hub"), to_array("hubs_hubnetwork")],
            state_operations=[
                migrations.AlterField(
                    model_name="hub",
                    name="states",
                    field=hubportal.fields.ChoiceArrayField(
                        base_field=models.CharField(choices=STATES, max_length=2),
                        help_text="A hub may span two states.",
                        size=None,
                        verbose_name="federal states",
                    ),
                ),
                migrations.AlterField(
                    model_name="hubnetwork",
                    name="states",
                    field=hubportal.fields.ChoiceArrayField(
                        base_field=models.CharField(choices=STATES, max_length=2),
                        blank=True,
                        default=list,
                        size=None,
                        verbose_name="federal states",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="hub",
            index=django.contrib.postgres.indexes.GinIndex(fields=["states"], name="hub_states_gin"),
        ),
    ]
