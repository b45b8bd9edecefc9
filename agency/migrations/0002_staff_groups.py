from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_groups(apps, schema_editor):
    alias = schema_editor.connection.alias
    # Permissions are normally created after all migrations ran; the groups need them now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0, using=alias)
    from hubportal.admin.roles import staff_groups_ensure

    staff_groups_ensure(
        group_model=apps.get_model("auth", "Group"),
        permission_model=apps.get_model("auth", "Permission"),
        using=alias,
        skip_missing=True,  # the matching permissions come with 0005 (matching may not be migrated yet)
    )


class Migration(migrations.Migration):
    # Fixed migrations, not "__latest__": a later migration of these apps would make migrated databases inconsistent.
    dependencies = [
        ("agency", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("hubs", "0004_selection_round_languages"),
        ("startups", "0004_membership_owner_protected"),
        ("events", "0001_initial"),
        ("users", "0001_initial"),
        ("mail", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
