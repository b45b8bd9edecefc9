from django.db import migrations

ALL = ("view", "add", "change", "delete")
STAFF_MODELS = {
    "call": ALL,
    "question": ALL,
    "criterion": ALL,
    "jurymember": ALL,
    "application": ("view", "change"),
    "answer": ("view",),
    "review": ("view",),
}
GROUP_MODELS = {
    "Agency administrator": {**STAFF_MODELS, "review": ("view", "delete")},
    "Hub manager": {**STAFF_MODELS, "call": ("view", "add", "change")},
}
JURY = "Jury"


def grant(apps, schema_editor):
    """The Jury group (only the juror's permission) and the calls permissions of agency administrators and hub
    managers, as hubportal/admin/roles.py lists them (this migration does not import another app)."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    alias = schema_editor.connection.alias
    create_permissions(global_apps.get_app_config("calls"), apps=apps, verbosity=0, using=alias)
    permission = apps.get_model("auth", "Permission").objects.using(alias)
    group_model = apps.get_model("auth", "Group").objects.using(alias)
    for name, models in GROUP_MODELS.items():
        codenames = [f"{action}_{model}" for model, actions in models.items() for action in actions]
        for group in group_model.filter(name=name):
            group.permissions.add(*permission.filter(content_type__app_label="calls", codename__in=codenames))
    jury, _ = group_model.get_or_create(name=JURY)
    jury.permissions.set(permission.filter(content_type__app_label="calls", codename="review_application"))


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    permission = apps.get_model("auth", "Permission").objects.using(alias)
    group_model = apps.get_model("auth", "Group").objects.using(alias)
    for group in group_model.filter(name__in=GROUP_MODELS):
        group.permissions.remove(*permission.filter(content_type__app_label="calls"))
    group_model.filter(name=JURY).delete()


class Migration(migrations.Migration):
    dependencies = [("calls", "0001_initial"), ("agency", "0006_advice_requester_answers")]

    operations = [migrations.RunPython(grant, revoke)]
