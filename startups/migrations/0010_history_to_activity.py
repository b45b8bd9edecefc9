"""The startup change log becomes entries of the activity log (hubportal.activity): codes and user ids instead of
notes with addresses ("joined: a@example.org (owner)", "removed: …", "owner: …") and field values; then the old
model goes. Investor profiles get `declined_at` (staff declined the verification)."""

import re

from django.db import migrations, models

TEAM_NOTE = re.compile(r"(?P<kind>joined|removed|owner): (?P<person>.+?)(?P<as_owner> \(owner\))?")
TEAM_CODES = {
    "joined": "startups.member_joined",
    "removed": "startups.member_removed",
    "owner": "startups.owner_changed",
}
PLAIN = {"created", "submitted", "published"}
WITH_REASON = {"rejected", "unpublished"}
# Old and new values are kept for these fields only (startups/activity.py): codes, numbers, names; no prose, no
# addresses.
VALUE_FIELDS = {
    "name",
    "stage",
    "business_model",
    "hub",
    "topics",
    "city",
    "founded_year",
    "team_size",
    "seeking_funding",
    "funding_sought",
    "company_visibility",
    "funding_visibility",
}


def _content_type(apps, alias, app_label, model):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return ContentType.objects.using(alias).get_or_create(app_label=app_label, model=model)[0]


def _team(note: str, user_ids: dict) -> tuple[str, dict]:
    match = TEAM_NOTE.fullmatch(note.strip())
    if match is None:
        return "startups.team_changed", {}
    data = {"person": user_ids.get(match["person"].strip().lower())}
    if match["kind"] == "joined":
        data["owner"] = bool(match["as_owner"])
    return TEAM_CODES[match["kind"]], data


def entry(change, user_ids: dict) -> tuple[str, dict]:
    """The action code and data of one old row."""
    if change.action in PLAIN:
        return f"startups.{change.action}", {}
    if change.action == "updated":
        changes = change.changes if isinstance(change.changes, dict) else {}
        data = {"fields": [str(name) for name in changes]}
        values = {
            name: value
            for name, value in changes.items()
            if name in VALUE_FIELDS and isinstance(value, list) and len(value) == 2
        }
        return "startups.updated", {**data, "values": values} if values else data
    if change.action in WITH_REASON:
        return f"startups.{change.action}", {"reason": change.note} if change.note.strip() else {}
    return _team(change.note, user_ids)


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    StartupChange = apps.get_model("startups", "StartupChange")
    Activity = apps.get_model("activity", "Activity")
    User = apps.get_model("users", "User")
    startup_type = _content_type(apps, alias, "startups", "startup")
    user_ids = {email.lower(): pk for pk, email in User.objects.using(alias).values_list("pk", "email")}
    rows = []
    for change in StartupChange.objects.using(alias).order_by("created_at", "pk").iterator():
        code, data = entry(change, user_ids)
        rows.append(
            Activity(
                # Every writer named the person; an empty one is an account deleted since.
                actor_id=change.user_id,
                actor_erased=change.user_id is None,
                action=code,
                content_type=startup_type,
                object_id=change.startup_id,
                data=data,
                created_at=change.created_at,
            )
        )
    Activity.objects.using(alias).bulk_create(rows, batch_size=1000)
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission.objects.using(alias).filter(
        content_type__app_label="startups", content_type__model="startupchange"
    ).delete()
    ContentType.objects.using(alias).filter(app_label="startups", model="startupchange").delete()


def backwards(apps, schema_editor):
    """Back to the change log, as far as it goes: team entries name the person's address again."""
    alias = schema_editor.connection.alias
    StartupChange = apps.get_model("startups", "StartupChange")
    Activity = apps.get_model("activity", "Activity")
    User = apps.get_model("users", "User")
    startup_type = _content_type(apps, alias, "startups", "startup")
    entries = Activity.objects.using(alias).filter(content_type=startup_type, action__startswith="startups.")
    emails = dict(User.objects.using(alias).values_list("pk", "email"))
    kinds = {code: kind for kind, code in TEAM_CODES.items()}
    for activity in entries.order_by("created_at", "pk").iterator():
        action, note, changes = activity.action.removeprefix("startups."), "", {}
        if activity.action in kinds:
            email = emails.get(activity.data.get("person"), "[deleted account]")
            owner = " (owner)" if activity.data.get("owner") else ""
            action, note = "team", f"{kinds[activity.action]}: {email}{owner}"
        elif activity.action == "startups.team_changed":
            action = "team"
        elif activity.action == "startups.updated":
            values = activity.data.get("values", {})
            changes = {name: values.get(name, []) for name in activity.data.get("fields", [])}
        else:
            note = activity.data.get("reason", "")
        change = StartupChange.objects.using(alias).create(
            startup_id=activity.object_id, user_id=activity.actor_id, action=action, changes=changes, note=note
        )
        StartupChange.objects.using(alias).filter(pk=change.pk).update(created_at=activity.created_at)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("startups", "0009_field_verbose_names"),
        ("activity", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="investorprofile",
            name="declined_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="declined on"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="StartupChange"),
    ]
