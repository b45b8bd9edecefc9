"""Writing the activity log: services record what happened; account deletion erases the person from it."""

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model

from .actions import action, people_keys
from .models import Activity

if TYPE_CHECKING:
    from hubportal.users.models import User


def activity_record(
    *, actor: "User | None", action_code: str, target: Model, data: dict[str, Any] | None = None
) -> Activity:
    """Adds an entry: `actor` (a user, or None for the portal itself) did `action_code` to `target`.

    `data` holds structured details for the reader's language later (codes, ids, old and new values), never prose.
    """
    action(action_code)  # an unknown code is a programming error, found in the tests
    return Activity.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action_code,
        content_type=ContentType.objects.get_for_model(target),
        object_id=target.pk,
        data=data or {},
    )


@transaction.atomic
def activity_erase_person(*, user: "User") -> int:
    """Account deletion: entries by `user` read "deleted user", and ids of `user` in the data are removed.

    Returns the number of entries changed. What was done, to what and when stays: the objects' history needs it.
    """
    changed = Activity.objects.filter(actor=user).update(actor=None, actor_erased=True)
    for code, keys in people_keys().items():
        for key in keys:
            for entry in Activity.objects.filter(action=code, **{f"data__{key}": user.pk}).select_for_update():
                entry.data[key] = None
                entry.save(update_fields=["data"])
                changed += 1
    return changed
