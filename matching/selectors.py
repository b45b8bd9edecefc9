"""Reads other apps ask of introductions: who was introduced to whom, what the navigation shows."""

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from hubportal.core.pagecache import generations
from startups.models import InvestorProfile, Startup, StartupMembership

from .models import Introduction

if TYPE_CHECKING:
    from hubportal.users.models import User


def introduced_startups(user_id: int | None) -> QuerySet[Any]:
    """Ids (a values queryset) of startups with an accepted introduction to the investor `user_id`."""
    if user_id is None:
        return Startup.objects.none().values("pk")
    return Startup.objects.filter(introductions__status="accepted", introductions__investor__user_id=user_id).values(
        "pk"
    )


def introduced_investors(user_id: int | None) -> QuerySet[Any]:
    """Investor profiles with an accepted introduction to a startup whose team `user_id` is on."""
    if user_id is None:
        return InvestorProfile.objects.none()
    return InvestorProfile.objects.filter(
        introductions__status="accepted", introductions__startup__memberships__user_id=user_id
    ).distinct()


def startup_contact(startup: Startup) -> str:
    """The address an introduced investor writes to: the profile's contact email, else the owner's."""
    if startup.contact_email:
        return startup.contact_email
    owners = getattr(startup, "owners", None)
    if owners is None:
        owners = list(startup.memberships.filter(role="owner").select_related("user"))
    return owners[0].user.email if owners else ""


NAVIGATION_SECONDS = 60  # how long a request that expired without a write may still be counted as waiting


def navigation_for(user: "User") -> Mapping[str, Any]:
    """What the main navigation shows a signed-in `user`: whether they have startup or investor matches (a verified
    investor profile, a published startup), whether they take part in introductions at all (an investor profile
    or a startup team) and how many requests wait for their answer. One query, kept in the shared cache until an
    introduction, an investor profile, a team or a startup changes (the scope "people")."""
    if not user.is_authenticated:
        return {}
    key = f"matching:navigation:{user.pk}:{generations(('people',))[0]}"
    found: Mapping[str, Any] | None = cache.get(key)
    if found is None:
        found = _navigation_row(user)
        cache.set(key, found, NAVIGATION_SECONDS)
    return found


def _navigation_row(user: "User") -> Mapping[str, Any]:
    waiting = Introduction.objects.incoming_for(user).order_by().values("status").annotate(n=Count("*")).values("n")
    investor = InvestorProfile.objects.filter(user_id=OuterRef("pk"))
    team = StartupMembership.objects.filter(user_id=OuterRef("pk"))
    row = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(
            startup_matches=Exists(investor.filter(is_verified=True)),
            investor_matches=Exists(team.filter(startup__status="published")),
            introductions=Exists(investor) | Exists(team),
            waiting=Coalesce(Subquery(waiting, output_field=IntegerField()), 0),
        )
        .first()
    )
    return row or {}
