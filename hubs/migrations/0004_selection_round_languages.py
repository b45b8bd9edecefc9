from django.db import migrations, models

ROUNDS_EN = {
    "Erste Runde, IT-Gipfel Saarbrücken (November 2016)": "First round, IT-Gipfel Saarbrücken (November 2016)",
    "Zweite Runde (April 2017)": "Second round (April 2017)",
    "April 2017, als Verstärkung des Hubs Frankfurt": "April 2017, reinforcing the Frankfurt hub",
}


def fill_english_rounds(apps, schema_editor):
    Hub = apps.get_model("hubs", "Hub")
    hubs = Hub.objects.using(schema_editor.connection.alias)
    for german, english in ROUNDS_EN.items():
        hubs.filter(selection_round_de=german, selection_round_en="").update(selection_round_en=english)


class Migration(migrations.Migration):
    dependencies = [("hubs", "0003_hub_permissions")]

    operations = [
        migrations.RenameField(model_name="hub", old_name="selection_round", new_name="selection_round_de"),
        migrations.AlterField(
            model_name="hub",
            name="selection_round_de",
            field=models.CharField(blank=True, max_length=120, verbose_name="selection round (German)"),
        ),
        migrations.AddField(
            model_name="hub",
            name="selection_round_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="selection round (English)"),
        ),
        migrations.RunPython(fill_english_rounds, migrations.RunPython.noop),
    ]
