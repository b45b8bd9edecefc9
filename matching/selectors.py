"""Reads other apps ask of introductions: who was introduced to whom."""

from startups.models import InvestorProfile, Startup


def introduced_startups(user_id: int | None):
    """Ids (a values queryset) of startups with an accepted introduction to the investor `user_id`."""
    if user_id is None:
        return Startup.objects.none().values("pk")
    return Startup.objects.filter(introductions__status="accepted", introductions__investor__user_id=user_id).values(
        "pk"
    )


def introduced_investors(user_id: int | None):
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
