from django.db import migrations

GROUPS = ("Hub manager", "Agency administrator")  # hubportal/admin/roles.py
CODENAMES = ["view_hublink", "add_hublink", "change_hublink", "delete_hublink"]


def permissions(apps, using):
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config("hubs"), apps=apps, verbosity=0, using=using)
    return apps.get_model("auth", "Permission").objects.using(using).filter(
        content_type__app_label="hubs", codename__in=CODENAMES
    )


def grant(apps, schema_editor):
    """Hub managers and agency administrators edit a hub's partners and social media links."""
    alias = schema_editor.connection.alias
    for group in apps.get_model("auth", "Group").objects.using(alias).filter(name__in=GROUPS):
        group.permissions.add(*permissions(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    for group in apps.get_model("auth", "Group").objects.using(alias).filter(name__in=GROUPS):
        group.permissions.remove(*permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("hubs", "0006_hub_contact_links"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, revoke)]
