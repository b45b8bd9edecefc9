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


@transaction.atomic
def activity_target_deleted(*, actor: "User | None", action_code: str, target: Model, name: str) -> int:
    """Before `target` is deleted: records `action_code` about it, then marks every entry about it as about a deleted
    object, keeping its name at the time (`data["target_deleted"]`, `data["target_name"]`).

    The entries stay, as they stay when an actor's account is deleted (`activity_erase_person`): who did what and
    when remains readable in the log, while no entry leads to the gone object any more. Returns the entries marked.
    """
    activity_record(actor=actor, action_code=action_code, target=target, data={"name": name})
    entries = Activity.objects.of(target).select_for_update()
    marked = 0
    for entry in entries:
        entry.data = {**entry.data, "target_deleted": True, "target_name": name}
        entry.save(update_fields=["data"])
        marked += 1
    return marked
