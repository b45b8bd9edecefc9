from django.db import migrations

GROUP = "Agency administrator"
CODENAMES = ["view_apitoken", "change_apitoken"]


def permissions(apps, alias):
    return apps.get_model("auth", "Permission").objects.using(alias).filter(
        content_type__app_label="users", codename__in=CODENAMES
    )


def groups(apps, alias):
    return apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP)


def grant(apps, schema_editor):
    """Agency administrators read the personal API tokens and revoke them ("change"; hubportal/admin/roles.py)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("users"), apps=apps, verbosity=0, using=alias)
    for group in groups(apps, alias):
        group.permissions.add(*permissions(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    for group in groups(apps, alias):
        group.permissions.remove(*permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("agency", "0008_hub_report_reminders"), ("users", "0002_api_token")]

    operations = [migrations.RunPython(grant, revoke)]
