from django.db import migrations

GROUP = "Agency administrator"
CODENAMES = [
    "view_introduction",
    "change_introduction",
    "view_introductionevent",
    "view_savedsearch",
    "view_digestlog",
]


def permissions(apps, alias):
    return apps.get_model("auth", "Permission").objects.using(alias).filter(
        content_type__app_label="matching", codename__in=CODENAMES
    )


def groups(apps, alias):
    return apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP)


def grant(apps, schema_editor):
    """Agency administrators follow the intro funnel, close stale introductions and keep staff notes (hubportal/admin/roles.py).

    0002 leaves them out where matching is not migrated yet (it does not depend on it: databases migrated before
    matching/0004 existed have 0002 applied already)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("matching"), apps=apps, verbosity=0, using=alias)
    for group in groups(apps, alias):
        group.permissions.add(*permissions(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    for group in groups(apps, alias):
        group.permissions.remove(*permissions(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("agency", "0004_agency_administrators_retry_mails"), ("matching", "0004_digestlog_startups")]

    operations = [migrations.RunPython(grant, revoke)]
