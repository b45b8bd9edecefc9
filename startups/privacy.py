"""The startups app's part of the data export, the account deletion and the retention (hubportal/users/privacy.py).

Deletion: a startup the person owns alone goes with the account; one with other team members blocks the deletion
until ownership is handed over; a plain membership is removed. Invitations to the person and the investor profile
(with its bookmarks and introductions) are deleted; the team log keeps the entries without the person's addresses.
"""

import logging
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hubportal.users.privacy import DeletionPart, Link, Person
from hubportal.users.services import AccountDeletionBlocked
from hubportal.users.services.addresses import address_q

from .models import Bookmark, InvestorProfile, Startup, StartupChange, StartupInvitation, StartupMembership

logger = logging.getLogger(__name__)

REDACTED = "[deleted account]"


def _url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def owned_startups(user) -> tuple[list[Startup], list[Startup]]:
    """The startups `user` owns: those with no one else on the team (they go with the account) and the others."""
    # Exists(), not a join on memberships: the count must see the whole team, not the filtered row.
    owns = StartupMembership.objects.filter(startup=OuterRef("pk"), user=user, role=StartupMembership.Role.OWNER)
    owned = Startup.objects.filter(Exists(owns)).annotate(member_count=Count("memberships")).order_by("name", "pk")
    alone: list[Startup] = []
    with_team: list[Startup] = []
    for startup in owned:
        (alone if startup.member_count == 1 else with_team).append(startup)  # type: ignore[attr-defined]  # annotated by the query
    return alone, with_team


def _hand_over_message(startups: list[Startup]) -> str:
    names = ", ".join(startup.name for startup in startups)
    return ngettext(
        "You own %(startups)s, which has other team members. Hand over ownership to one of them on the "
        "team page first, then delete your account.",
        "You own %(startups)s, which have other team members. Hand over ownership to one of them on "
        "each team page first, then delete your account.",
        len(startups),
    ) % {"startups": names}


def deletion_plan(person: Person) -> DeletionPart:
    alone, with_team = owned_startups(person.user)
    return DeletionPart(
        blocked_by=_hand_over_message(with_team) if with_team else "",
        links=tuple(
            Link(_("Team of %(name)s") % {"name": s.name}, reverse("startups:startup_team", kwargs={"slug": s.slug}))
            for s in with_team
        ),
        deleted_with_account=tuple(startup.name for startup in alone),
    )


def _scrub_history(emails: list[str]) -> None:
    """Team changes log addresses in their note ("joined: …", "removed: …", "owner: …"), also on startups
    the person left long ago: replace the person's addresses there."""
    if not emails:
        return
    pattern = re.compile("|".join(re.escape(email) for email in emails), re.IGNORECASE)
    mentions = Q()
    for email in emails:
        mentions |= Q(note__icontains=email) | Q(changes__icontains=email)
    for change in StartupChange.objects.filter(mentions):
        change.note = pattern.sub(REDACTED, change.note)
        change.changes = {
            name: [pattern.sub(REDACTED, value) if isinstance(value, str) else value for value in values]
            if isinstance(values, list)
            else values
            for name, values in change.changes.items()
        }
        change.save(update_fields=["note", "changes"])


def erase(person: Person) -> None:
    user, emails = person.user, person.emails
    alone, with_team = owned_startups(user)
    if with_team:  # someone joined since the plan was shown: the startup must not lose its owner
        raise AccountDeletionBlocked(_hand_over_message(with_team))
    deleted_ids = [startup.pk for startup in alone]
    logos = [startup.logo for startup in alone if startup.logo]
    kept_ids = list(
        StartupMembership.objects.filter(user=user)
        .exclude(startup_id__in=deleted_ids)
        .values_list("startup_id", flat=True)
    )
    # A team member's own address as the startup's contact: the startup falls back to its owner's.
    Startup.objects.filter(address_q("contact_email", emails), pk__in=kept_ids).update(contact_email="")
    StartupInvitation.objects.filter(address_q("email", emails)).delete()
    Startup.objects.filter(pk__in=deleted_ids).delete()
    _scrub_history(emails)
    StartupMembership.objects.filter(user=user).delete()
    InvestorProfile.objects.filter(user=user).delete()

    def remove_logos():
        for logo in logos:
            try:
                logo.storage.delete(logo.name)
            except OSError:
                logger.warning("Could not delete logo %s of a deleted account", logo.name)

    transaction.on_commit(remove_logos)


def purge_expired(now) -> dict[str, int]:
    """Team invitations that expired unaccepted."""
    invitations, _counts = StartupInvitation.objects.filter(accepted_at__isnull=True, expires_at__lt=now).delete()
    return {"invitations": invitations}


def _startups(user) -> list[dict]:
    memberships = StartupMembership.objects.filter(user=user).select_related("startup").order_by("created_at", "pk")
    return [
        {
            "name": m.startup.name,
            "url": _url(m.startup.get_absolute_url()),
            "status": m.startup.status,
            "role": m.role,
            "joined_at": m.created_at,
        }
        for m in memberships
    ]


def _invitations(user, emails: list[str]) -> dict:
    rows = (
        StartupInvitation.objects.filter(address_q("email", emails) | Q(invited_by=user))
        .select_related("startup")
        .order_by("-created_at", "-pk")
    )
    result: dict[str, list[dict[str, Any]]] = {"received": [], "sent": []}
    for invitation in rows:
        row = {
            "startup": invitation.startup.name,
            "email": invitation.email,
            "created_at": invitation.created_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
        }
        if invitation.email.lower() in emails:
            result["received"].append(row)
        if invitation.invited_by_id == user.pk:
            result["sent"].append(row)
    return result


def _investor_profile(user) -> dict | None:
    profile = (
        InvestorProfile.objects.filter(user=user)
        .prefetch_related(
            "topics",
            "hubs",
            Prefetch("bookmarks", queryset=Bookmark.objects.select_related("startup").order_by("-created_at", "-pk")),
        )
        .first()
    )
    if profile is None:
        return None
    return {
        "url": _url(profile.get_absolute_url()),
        "investor_type": profile.investor_type,
        "organisation": profile.organisation,
        "thesis": profile.thesis,
        "ticket_min": profile.ticket_min,
        "ticket_max": profile.ticket_max,
        "stages": profile.stage_list,
        "topics": sorted(topic.slug for topic in profile.topics.all()),
        "hubs": sorted(hub.slug for hub in profile.hubs.all()),
        "website": profile.website,
        "is_verified": profile.is_verified,
        "verified_at": profile.verified_at,
        "created_at": profile.created_at,
        "updated_at": profile.updated_at,
        "bookmarks": [
            {
                "startup": bookmark.startup.name,
                "url": _url(bookmark.startup.get_absolute_url()),
                "note": bookmark.note,
                "created_at": bookmark.created_at,
                "updated_at": bookmark.updated_at,
            }
            for bookmark in profile.bookmarks.all()
        ],
    }


def _changes(user) -> list[dict]:
    changes = StartupChange.objects.filter(user=user).select_related("startup").order_by("created_at", "pk")
    return [
        {
            "startup": c.startup.name,
            "action": c.action,
            "changed_fields": c.changes,
            "note": c.note,
            "created_at": c.created_at,
        }
        for c in changes
    ]


def export(person: Person) -> dict:
    user = person.user
    return {
        "startups": _startups(user),
        "team_invitations": _invitations(user, person.emails),
        "investor_profile": _investor_profile(user),
        "history": {"startup_changes": _changes(user)},
    }
