"""What staff do in the back office: saving an event (with the mails and waitlist moves a change needs), editing,
cancelling and promoting registrations, saving speakers and agendas, deleting an event. Each write records the
activity log."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record, activity_target_deleted
from hubportal.errors import ServiceError

from .. import activity
from ..models import AgendaItem, Event, Registration, Speaker
from .changes import event_reschedule
from .errors import RegistrationBusy
from .registration import registration_cancel
from .waitlist import event_waitlist_fill, registration_promote

if TYPE_CHECKING:
    from hubportal.users.models import User
    from hubs.models import Topic


@dataclass
class EventSaved:
    """What followed an event's change: registrants mailed, people moved up, or what was refused as busy."""

    informed: int = 0
    moved: int = 0
    reschedule_busy: bool = False
    waitlist_busy: bool = False


def event_save(
    *, event: Event, by: "User", changed_fields: Iterable[str] = (), topics: "Iterable[Topic] | None" = None
) -> EventSaved:
    """Staff create or change an event (with its `topics`, when given): a new time or place is mailed to its
    registrants (and gets its own reminder), a raised capacity moves people up from the waitlist. While many people
    register, the change is kept and the result says what did not happen."""
    changed = sorted(set(changed_fields))
    is_new = event._state.adding
    event.save()
    if topics is not None:
        event.topics.set(topics)
    result = EventSaved()
    if is_new:
        return result
    try:
        result.informed = event_reschedule(event=event, changed_fields=changed)
    except RegistrationBusy:
        result.reschedule_busy = True
    if "capacity" in changed:
        try:
            result.moved = event_waitlist_fill(event=event)
        except RegistrationBusy:
            result.waitlist_busy = True
    if changed:
        data = {"fields": changed, "informed": result.informed}
        activity_record(actor=by, action_code=activity.EVENT_CHANGED, target=event, data=data)
    return result


@transaction.atomic
def registration_save(*, registration: Registration, by: "User", changed_fields: Iterable[str] = ()) -> Registration:
    """Staff correct a registration's details (name, address, language, …)."""
    changed = sorted(set(changed_fields))
    registration.save()
    if changed:
        data = {"fields": changed}
        activity_record(actor=by, action_code=activity.REGISTRATION_CHANGED, target=registration, data=data)
    return registration


def registration_cancel_by_staff(*, registration: Registration, by: "User") -> Registration:
    """Staff cancel a registration: the person is mailed and the waitlist moves up."""
    registration = registration_cancel(registration=registration, by_staff=True)
    activity_record(actor=by, action_code=activity.REGISTRATION_CANCELLED, target=registration)
    return registration


def registration_promote_by_staff(*, registration: Registration, by: "User") -> Registration:
    """Staff move a waitlisted person to a confirmed seat, even beyond the capacity."""
    was_waitlisted = registration.status == Registration.Status.WAITLISTED
    registration = registration_promote(registration=registration)
    if was_waitlisted and registration.status == Registration.Status.CONFIRMED:
        activity_record(actor=by, action_code=activity.REGISTRATION_PROMOTED, target=registration)
    return registration


class EventHasRegistrations(ServiceError):
    message = _("An event with registrations cannot be deleted. Cancel it instead; that mails its registrants.")
    code = "has_registrations"


@transaction.atomic
def event_delete(*, event: Event, by: "User") -> None:
    """Staff delete an event nobody registered for (one with registrations is cancelled instead, which mails them).

    Its agenda goes with it. As with a deleted startup, the log keeps the event's entries, marked as about a deleted
    object with its title at the time, and adds a "deleted" entry (`activity_target_deleted`).
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.registrations.exists():
        raise EventHasRegistrations
    activity_target_deleted(actor=by, action_code=activity.EVENT_DELETED, target=event, name=event.title)
    event.delete()


@dataclass(frozen=True)
class AgendaChange:
    """One agenda item to save (new or changed) with its speakers."""

    item: AgendaItem
    speakers: Sequence[Speaker]


@transaction.atomic
def agenda_save(
    *, event: Event, by: "User", saved: Sequence[AgendaChange] = (), deleted: Sequence[AgendaItem] = ()
) -> None:
    """Staff change an event's agenda: new and changed items are saved with their speakers, `deleted` items are
    removed. The log gets one entry on the event with the titles added, changed and removed."""
    added: list[str] = []
    changed: list[str] = []
    for change in saved:
        item = change.item
        (added if item._state.adding else changed).append(item.title)
        item.event = event
        item.save()
        item.speakers.set(change.speakers)
    removed = []
    for item in deleted:
        if item.event_id != event.pk:
            raise ValueError(f"agenda item {item.pk} is not of event {event.pk}")
        removed.append(item.title)
        item.delete()
    if added or changed or removed:
        data = {"added": added, "changed": changed, "removed": removed}
        activity_record(actor=by, action_code=activity.AGENDA_CHANGED, target=event, data=data)
