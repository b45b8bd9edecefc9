from django.db import migrations

GROUP = "Agency administrator"


def permission(apps, using):
    return apps.get_model("auth", "Permission").objects.using(using).filter(
        content_type__app_label="mail", codename="change_outboundemail"
    )


def grant(apps, schema_editor):
    """Agency administrators run "retry now" on failed mails, which needs the change permission (hubportal/admin/roles.py)."""
    alias = schema_editor.connection.alias
    for group in apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP):
        group.permissions.add(*permission(apps, alias))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    for group in apps.get_model("auth", "Group").objects.using(alias).filter(name=GROUP):
        group.permissions.remove(*permission(apps, alias))


class Migration(migrations.Migration):
    dependencies = [("agency", "0003_advice_requester_nullable"), ("mail", "0001_initial")]

    operations = [migrations.RunPython(grant, revoke)]
