"""The history of the advice requests moves into the activity log: each AdviceEvent becomes an Activity entry with
an action code and structured data, and the AdviceEvent model goes. The back office lists requests newest first:
an index for that order.

The old entries kept prose in `detail`, written in the language of whoever acted (German or English): the advisor's
name for "assigned", "Old → New" status labels for "status", the outcome label for "closed", and "Field: old → new"
for "changed" (topic, preferred hub, or the advisor removed), or the fixed English note of an anonymised request.
Labels are read back into codes, names into user and hub ids; what cannot be read back is left out of the data.
"""

from django.db import migrations, models
from django.utils import translation
from django.utils.text import capfirst

ARROW = " → "
EMPTY = "–"
ANONYMISED_NOTE = "Anonymised: the requester deleted their account."
LANGUAGES = ("en", "de")

PLAIN = {
    "created": "agency.advice_created",
    "note": "agency.advice_note",
    "reply": "agency.advice_reply",
    "answer": "agency.advice_answer",
}


def _translations(text) -> set[str]:
    found = {str(text)}
    for language in LANGUAGES:
        with translation.override(language):
            found.add(translation.gettext(str(text)))
    return found


def _codes(model, field: str) -> dict[str, str]:
    """Display label (English or German) → code of a choice field."""
    codes = {}
    for code, label in model._meta.get_field(field).choices:
        for text in _translations(label):
            codes[text] = code
    return codes


def _labels(model, field: str) -> set[str]:
    """The labels the admin form gave the field (capitalised verbose name) and the bare verbose name, both languages."""
    names = _translations(model._meta.get_field(field).verbose_name)
    return names | {capfirst(name) for name in names}


class Reader:
    """Reads the prose of old entries back into codes and ids."""

    def __init__(self, apps, db):
        request_model = apps.get_model("agency", "AdviceRequest")
        self.status = _codes(request_model, "status")
        self.outcome = _codes(request_model, "outcome")
        self.topic = _codes(request_model, "topic")
        self.fields = {
            label: name for name in ("topic", "preferred_hub", "advisor") for label in _labels(request_model, name)
        }
        self.people = {}
        for pk, first, last, email in apps.get_model("users", "User").objects.using(db).values_list(
            "pk", "first_name", "last_name", "email"
        ):
            self.people.setdefault(f"{first} {last}".strip() or email, pk)
        self.hubs = dict(apps.get_model("hubs", "Hub").objects.using(db).values_list("name", "pk"))

    def person(self, text: str, fallback=None):
        return self.people.get(text.strip(), fallback)

    def hub(self, text: str):
        return None if text in ("", EMPTY) else {"id": self.hubs.get(text), "name": text}

    def choice(self, codes: dict, text: str):
        return None if text in ("", EMPTY) else codes.get(text.strip())

    def entry(self, event, current_advisor) -> tuple[str, dict]:
        """The action code and data of one AdviceEvent."""
        action, detail = event.action, event.detail or ""
        if action in PLAIN:
            return PLAIN[action], {}
        if action == "assigned":
            return "agency.advice_assigned", {"advisor": self.person(detail, current_advisor)}
        if action == "closed":
            return "agency.advice_closed", {"outcome": self.choice(self.outcome, detail)}
        old, _arrow, new = detail.partition(ARROW)
        if action == "status":
            return "agency.advice_status", {"from": self.choice(self.status, old), "to": self.choice(self.status, new)}
        if detail == ANONYMISED_NOTE:
            return "agency.advice_anonymised", {}
        label, _colon, old = old.partition(": ")
        field = self.fields.get(label)
        if field == "advisor":
            return "agency.advice_unassigned", {"previous": self.person(old)}
        if field == "topic":
            return "agency.advice_changed", {"topic": [self.choice(self.topic, old), self.choice(self.topic, new)]}
        if field == "preferred_hub":
            return "agency.advice_changed", {"preferred_hub": [self.hub(old), self.hub(new)]}
        return "agency.advice_changed", {}


def history_to_activity(apps, schema_editor):
    db = schema_editor.connection.alias
    event_model = apps.get_model("agency", "AdviceEvent")
    if not event_model.objects.using(db).exists():
        return
    activity_model = apps.get_model("activity", "Activity")
    content_type, _created = (
        apps.get_model("contenttypes", "ContentType")
        .objects.using(db)
        .get_or_create(app_label="agency", model="advicerequest")
    )
    reader = Reader(apps, db)
    advisors = dict(apps.get_model("agency", "AdviceRequest").objects.using(db).values_list("pk", "advisor_id"))
    entries = []
    for event in event_model.objects.using(db).order_by("created_at", "pk").iterator():
        code, data = reader.entry(event, advisors.get(event.request_id))
        entries.append(
            activity_model(
                actor_id=event.actor_id,
                action=code,
                content_type_id=content_type.pk,
                object_id=event.request_id,
                data=data,
                created_at=event.created_at,
            )
        )
    activity_model.objects.using(db).bulk_create(entries, batch_size=1000)


BACK = {
    "agency.advice_created": "created",
    "agency.advice_assigned": "assigned",
    "agency.advice_unassigned": "changed",
    "agency.advice_status": "status",
    "agency.advice_closed": "closed",
    "agency.advice_note": "note",
    "agency.advice_reply": "reply",
    "agency.advice_answer": "answer",
    "agency.advice_changed": "changed",
    "agency.advice_anonymised": "changed",
}


def activity_to_history(apps, schema_editor):
    """Back to AdviceEvent rows: the actions and times come back; details only as codes (and the anonymised note)."""
    db = schema_editor.connection.alias
    activity_model = apps.get_model("activity", "Activity")
    content_type = (
        apps.get_model("contenttypes", "ContentType").objects.using(db).filter(app_label="agency", model="advicerequest")
    )
    entries = activity_model.objects.using(db).filter(content_type__in=content_type, action__in=list(BACK))
    event_model = apps.get_model("agency", "AdviceEvent")
    event_model._meta.get_field("created_at").auto_now_add = False  # keep the entries' times
    events = []
    for entry in entries.order_by("created_at", "pk").iterator():
        data = entry.data or {}
        if entry.action == "agency.advice_anonymised":
            detail = ANONYMISED_NOTE
        elif entry.action == "agency.advice_status":
            detail = f"{data.get('from') or EMPTY}{ARROW}{data.get('to') or EMPTY}"
        else:
            detail = str(data.get("outcome") or "")
        events.append(
            event_model(
                request_id=entry.object_id,
                actor_id=entry.actor_id,
                action=BACK[entry.action],
                detail=detail[:300],
                created_at=entry.created_at,
            )
        )
    event_model.objects.using(db).bulk_create(events, batch_size=1000)
    entries.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0006_advice_requester_answers"),
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("hubs", "0001_initial"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(history_to_activity, activity_to_history),
        migrations.DeleteModel(name="AdviceEvent"),
        migrations.AddIndex(
            model_name="advicerequest",
            index=models.Index(fields=["-created_at", "-id"], name="advice_recent"),
        ),
    ]
