from django.db import migrations, models


class Migration(migrations.Migration):
    """Length limits of two texts, checked by forms only: no database change."""

    dependencies = [
        ("startups", "0004_membership_owner_protected"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="investorprofile",
                    name="thesis",
                    field=models.TextField(blank=True, max_length=5000, verbose_name="investment thesis"),
                ),
                migrations.AlterField(
                    model_name="startup",
                    name="description",
                    field=models.TextField(blank=True, max_length=10000, verbose_name="description"),
                ),
            ],
            database_operations=[],
        ),
    ]
