"""The generic writes of the admin for plain reference data (topics, hub networks, speakers, a call's questions):
save or delete the object and record it in the activity log, with the changed field names, never prose.

Apps with a specific service for a model name it in their admin instead (`ServiceSaveAdmin`, `ServiceInline`).
"""

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hubportal.activity import actions
from hubportal.activity.services import activity_record, activity_target_deleted

if TYPE_CHECKING:
    from hubportal.users.models import User

CREATED = "admin.created"
CHANGED = "admin.changed"
DELETED = "admin.deleted"


def describe_fields(data: dict[str, Any], names: actions.Names) -> str:
    """ "Changed: name (German), slug" with the fields' names in the reader's language."""
    fields = [str(field) for field in data.get("fields") or []]
    if not fields:
        return ""
    try:
        model = apps.get_model(str(data.get("model")))
    except (LookupError, ValueError):
        model = None
    labels = []
    for field in fields:
        try:
            labels.append(str(model._meta.get_field(field).verbose_name) if model else field)
        except FieldDoesNotExist:
            labels.append(field)
    return gettext("Changed: %(fields)s") % {"fields": ", ".join(labels)}


def register() -> None:
    """The action codes of the generic writes (PortalAdminConfig.ready)."""
    actions.register(CREATED, _("Created in the admin"), describe=describe_fields)
    actions.register(CHANGED, _("Changed in the admin"), describe=describe_fields)
    actions.register(DELETED, _("Deleted in the admin"))


@transaction.atomic
def reference_save(
    *,
    obj: Model,
    by: "User | None",
    fields: Sequence[str] = (),
    created: bool = False,
    related: Mapping[str, Iterable[Model]] | None = None,
) -> Model:
    """Saves `obj` (a new one when `created`), sets its many-to-many `related` fields and logs which `fields` changed.

    A change that changed no field writes nothing (a page whose fields are all read only), and logs nothing. Only
    the model's field names are logged (not a form's extra fields such as a new user's two password fields)."""
    known = {field.name for field in obj._meta.get_fields()}
    fields = [name for name in fields if name in known]
    if created or fields:
        obj.save()
    for name, values in (related or {}).items():
        getattr(obj, name).set(values)
    if created or fields:
        data = {"model": obj._meta.label_lower, "fields": fields}
        activity_record(actor=by, action_code=CREATED if created else CHANGED, target=obj, data=data)
    return obj


@transaction.atomic
def reference_delete(*, obj: Model, by: "User | None") -> None:
    """Deletes `obj`; the log keeps its entries, marked as about a deleted object with its name at the time."""
    activity_target_deleted(actor=by, action_code=DELETED, target=obj, name=str(obj)[:200])
    obj.delete()
