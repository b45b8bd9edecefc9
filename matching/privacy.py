"""Matching's part of the data export and the account deletion (hubportal/users/privacy.py).

Deletion: saved searches go (introductions of the person's investor profile go with the profile, in startups'
part). Introduction requests the person made for a startup that stays: pending ones are withdrawn, so nobody
answers a ghost; the rest stay with the startup without the person's name. This part erases before startups':
it reads the team memberships that startups' part removes.
"""

from django.conf import settings
from django.db.models import Q

from hubportal.activity.models import Activity
from hubportal.activity.services import activity_erase_person, activity_record
from hubportal.users.privacy import Person
from startups.models import StartupMembership
from startups.privacy import owned_startups

from . import activity
from .models import Introduction, SavedSearch
from .selectors import startup_contact


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _withdraw_pending_introductions(user, keep_startup_ids, now) -> None:
    """Pending requests the person made for a startup that stays: withdrawn, so nobody answers a ghost."""
    pending = list(
        Introduction.objects.select_for_update().filter(
            requested_by=user,
            requester_side=Introduction.Side.STARTUP,
            status=Introduction.Status.PENDING,
            startup_id__in=keep_startup_ids,
        )
    )
    for introduction in pending:
        introduction.status = Introduction.Status.WITHDRAWN
        introduction.decided_at = now
        introduction.save(update_fields=["status", "decided_at", "updated_at"])
        activity_record(actor=None, action_code=activity.WITHDRAWN, target=introduction)


def erase(person: Person) -> None:
    going, _with_team = owned_startups(person.user)
    kept_ids = list(
        StartupMembership.objects.filter(user=person.user)
        .exclude(startup_id__in=[startup.pk for startup in going])
        .values_list("startup_id", flat=True)
    )
    _withdraw_pending_introductions(person.user, kept_ids, person.now)
    # Introductions of the person's investor profile and of the startups that go are deleted with them (startups'
    # part): their history goes too.
    going_ids = [startup.pk for startup in going]
    leaving = Introduction.objects.filter(Q(investor__user=person.user) | Q(startup_id__in=going_ids))
    Activity.objects.of_type(Introduction, leaving.values_list("pk", flat=True)).delete()
    SavedSearch.objects.filter(user=person.user).delete()
    activity_erase_person(user=person.user)  # the log of introductions keeps "deleted user" in the person's place


def _introductions(user) -> list[dict]:
    rows = Introduction.objects.involving(user).for_inbox()
    result = []
    for intro in rows:
        is_investor = intro.investor.user_id == user.pk
        revealed = intro.status == Introduction.Status.ACCEPTED
        if is_investor:
            other = {"startup": intro.startup.name, "url": _url(intro.startup.get_absolute_url())}
            if revealed:
                other["contact_email"] = startup_contact(intro.startup)
        else:
            other = {"investor": intro.investor.display_name, "url": _url(intro.investor.get_absolute_url())}
            if revealed:
                other["contact_name"] = intro.investor.user.get_full_name()
                other["contact_email"] = intro.investor.user.email
        side = Introduction.Side.INVESTOR if is_investor else Introduction.Side.STARTUP
        result.append(
            {
                "your_side": side,
                "your_startup": None if is_investor else intro.startup.name,
                "other_side": other,
                "requested_by_your_side": intro.requester_side == side,
                "requested_by_you": intro.requested_by_id == user.pk,
                "message": intro.message,
                "status": intro.status,
                "reason": intro.reason,
                "created_at": intro.created_at,
                "expires_at": intro.expires_at,
                "decided_at": intro.decided_at,
            }
        )
    return result


def _saved_searches(user) -> list[dict]:
    return [
        {
            "name": s.name,
            "directory": s.kind,
            "filter": s.querystring,
            "url": _url(s.get_absolute_url()),
            "digest": s.frequency,
            "last_digest_at": s.last_sent_at,
            "created_at": s.created_at,
        }
        for s in SavedSearch.objects.filter(user=user).order_by("name", "pk")
    ]


def _history(user) -> list[dict]:
    """What the person did to introductions, from the activity log."""
    entries = list(Activity.objects.by(user).filter(action__startswith="matching.").order_by("created_at", "pk"))
    introductions = Introduction.objects.select_related("startup", "investor__user").in_bulk(
        {entry.object_id for entry in entries}
    )
    result = []
    for entry in entries:
        introduction = introductions.get(entry.object_id)
        name = f"{introduction.startup.name} ↔ {introduction.investor.display_name}" if introduction else None
        result.append(
            {"introduction": name, "action": entry.action, "data": entry.data, "created_at": entry.created_at}
        )
    return result


def export(person: Person) -> dict:
    return {
        "introductions": _introductions(person.user),
        "saved_searches": _saved_searches(person.user),
        "history": {"introductions": _history(person.user)},
    }
