"""The history of introductions becomes entries of the activity log (hubportal.activity), then the old model goes.

A decline's note is the reason its side gave and stays as the entry's reason; a close by staff keeps a note staff
wrote, not the portal's own "Closed in the admin"."""

from django.db import migrations

CODES = {
    "requested": "matching.intro_requested",
    "accepted": "matching.intro_accepted",
    "declined": "matching.intro_declined",
    "withdrawn": "matching.intro_withdrawn",
    "expired": "matching.intro_expired",
    "closed": "matching.intro_closed",
}
# The actor may be empty: expiry and a withdrawal by an account's deletion are the portal's own steps.
PORTAL = {"expired", "withdrawn"}
ADMIN_CLOSE_NOTES = {"Closed in the admin", "In der Verwaltung geschlossen"}


def entry(event) -> tuple[str, dict]:
    """The action code and data of one old row."""
    note = event.note.strip()
    if event.action == "closed" and note in ADMIN_CLOSE_NOTES:
        note = ""
    keeps_note = event.action in ("declined", "closed")
    return CODES.get(event.action, CODES["closed"]), {"reason": note} if note and keeps_note else {}


def forwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    IntroductionEvent = apps.get_model("matching", "IntroductionEvent")
    Activity = apps.get_model("activity", "Activity")
    ContentType = apps.get_model("contenttypes", "ContentType")
    introduction_type = ContentType.objects.using(alias).get_or_create(app_label="matching", model="introduction")[0]
    rows = []
    for event in IntroductionEvent.objects.using(alias).order_by("created_at", "pk").iterator():
        code, data = entry(event)
        rows.append(
            Activity(
                actor_id=event.actor_id,
                actor_erased=event.actor_id is None and event.action not in PORTAL,
                action=code,
                content_type=introduction_type,
                object_id=event.introduction_id,
                data=data,
                created_at=event.created_at,
            )
        )
    Activity.objects.using(alias).bulk_create(rows, batch_size=1000)
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.using(alias).filter(
        content_type__app_label="matching", content_type__model="introductionevent"
    ).delete()
    ContentType.objects.using(alias).filter(app_label="matching", model="introductionevent").delete()


def backwards(apps, schema_editor):
    alias = schema_editor.connection.alias
    IntroductionEvent = apps.get_model("matching", "IntroductionEvent")
    Activity = apps.get_model("activity", "Activity")
    ContentType = apps.get_model("contenttypes", "ContentType")
    introduction_type = ContentType.objects.using(alias).get_or_create(app_label="matching", model="introduction")[0]
    actions = {code: action for action, code in CODES.items()}
    entries = Activity.objects.using(alias).filter(content_type=introduction_type, action__in=list(actions))
    for activity in entries.order_by("created_at", "pk").iterator():
        event = IntroductionEvent.objects.using(alias).create(
            introduction_id=activity.object_id,
            actor_id=activity.actor_id,
            action=actions[activity.action],
            note=activity.data.get("reason", ""),
        )
        IntroductionEvent.objects.using(alias).filter(pk=event.pk).update(created_at=activity.created_at)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0005_field_verbose_names"),
        ("activity", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="IntroductionEvent"),
    ]
