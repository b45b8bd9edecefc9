from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone

from hubportal.mail.services import email_send
from hubportal.search import document

from ..models import Bookmark, InvestorProfile, Startup
from .startups import save_with_unique_slug

if TYPE_CHECKING:
    from hubportal.users.models import User

EDITABLE_FIELDS = ("investor_type", "organisation", "thesis", "ticket_min", "ticket_max", "website")
# What staff checked when they verified the investor: a change needs a new verification.
IDENTITY_FIELDS = ("investor_type", "organisation", "website")


@transaction.atomic
def investor_profile_save(
    *,
    user: "User",
    data: dict[str, Any],
    stages: Iterable[Any] = (),
    topics: Iterable[Any] = (),
    hubs: Iterable[Any] = (),
) -> InvestorProfile:
    """Creates or updates `user`'s investor profile.

    Verification belongs to staff: it stays through edits of thesis, tickets, stages, topics and hubs,
    but a change of organisation, type or website puts the profile back into the verification queue.
    """
    profile = InvestorProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        profile = InvestorProfile(user=user)
    identity_changed = any(name in data and data[name] != getattr(profile, name) for name in IDENTITY_FIELDS)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if profile.is_verified and identity_changed:
        profile.is_verified, profile.verified_at, profile.verified_by = False, None, None
    profile.stages = list(stages)
    if profile.slug:
        profile.save()
    else:
        save_with_unique_slug(profile, profile.organisation or user.get_full_name() or "investor")
    profile.topics.set(topics)
    profile.hubs.set(hubs)
    return profile


def investor_update_search_vector(*, profile_ids: list[int] | None = None, user_id: int | None = None) -> None:
    """Recomputes the stored full-text vector of investor profiles (hubportal/search.py) in one UPDATE: the name
    (organisation, or the person's name) weighs more than the thesis. All profiles when no filter is given."""
    from hubportal.users.models import User

    profiles = InvestorProfile.objects.all()
    if profile_ids is not None:
        profiles = profiles.filter(pk__in=profile_ids)
    if user_id is not None:
        profiles = profiles.filter(user_id=user_id)
    person = User.objects.filter(pk=OuterRef("user_id")).values(name=Concat("first_name", Value(" "), "last_name"))
    profiles.update(search=document(("organisation", "A"), (Subquery(person), "A"), ("thesis", "B")))


@transaction.atomic
def investor_verify(*, profile: InvestorProfile, by: "User") -> InvestorProfile:
    """Staff verify an investor, who is told by mail and from then on sees investor-only fields."""
    profile = InvestorProfile.objects.select_for_update().select_related("user").get(pk=profile.pk)
    if profile.is_verified:
        return profile
    profile.is_verified = True
    profile.verified_at = timezone.now()
    profile.verified_by = by
    profile.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    email_send(
        to=profile.user.email,
        template_prefix="emails/startups/investor_verified",
        context={"profile": profile, "user": profile.user},
    )
    return profile


@transaction.atomic
def investor_reject(*, profile: InvestorProfile, by: "User") -> InvestorProfile:
    """Staff withdraw a verification (no mail: this is a correction, not a decision on an application)."""
    profile = InvestorProfile.objects.select_for_update().get(pk=profile.pk)
    profile.is_verified, profile.verified_at, profile.verified_by = False, None, None
    # A save, not an update: its signal renews the cached viewers, so the investor-only fields close at once.
    profile.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
    return profile


@transaction.atomic
def bookmark_save(*, investor: InvestorProfile, startup: Startup, note: str | None = None) -> Bookmark:
    """Adds a published startup to a verified investor's watchlist, or updates its private note."""
    if not investor.is_verified or startup.status != Startup.Status.PUBLISHED:
        raise PermissionDenied
    bookmark, created = Bookmark.objects.get_or_create(
        investor=investor, startup=startup, defaults={"note": note or ""}
    )
    if not created and note is not None and bookmark.note != note:
        bookmark.note = note
        bookmark.save(update_fields=["note", "updated_at"])
    return bookmark


@transaction.atomic
def bookmark_delete(*, investor: InvestorProfile, startup: Startup) -> None:
    """Removes a startup from the investor's watchlist."""
    Bookmark.objects.filter(investor=investor, startup=startup).delete()
