"""Sections for the hub, topic and account pages, and small display helpers."""

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse

from ..models import InvestorProfile, Startup, StartupMembership
from ..querysets import can_see_all_startups
from ..visibility import ANONYMOUS

register = template.Library()

SECTION_SIZE = 6


@register.filter
def euro(value) -> str:
    """`250000` → `250.000 €` (formatted for the active language)."""
    if value in (None, ""):
        return ""
    return f"{intcomma(int(value))} €"


@register.filter
def fields_visible_to(startup, viewer) -> frozenset[str]:
    """The fields of a listed startup the viewer may see (no query)."""
    return (viewer or ANONYMOUS).visible_fields_in_listing(startup)


@register.inclusion_tag("startups/_startup_section.html")
def hub_startups(hub):
    """A few published startups of a hub and a link to the directory filtered by it."""
    startups = Startup.objects.published().filter(hub=hub).for_listing().order_by("-published_at", "-id")
    return {
        "startups": startups[:SECTION_SIZE],
        "more_url": reverse("startups:startup_list") + f"?hub={hub.slug}",
        "heading_id": "hub-startups",
        "viewer": ANONYMOUS,
    }


@register.inclusion_tag("startups/_startup_section.html")
def topic_startups(topic):
    """A few published startups of a topic and a link to the directory filtered by it."""
    startups = (
        Startup.objects.published()
        .filter(pk__in=Startup.topics.through.objects.filter(topic=topic).values("startup_id"))
        .for_listing()
        .order_by("-published_at", "-id")
    )
    return {
        "startups": startups[:SECTION_SIZE],
        "more_url": reverse("startups:startup_list") + f"?topic={topic.slug}",
        "heading_id": "topic-startups",
        "viewer": ANONYMOUS,
    }


@register.inclusion_tag("startups/_account_startups.html", takes_context=True)
def account_startups(context, user):
    """The account page: the user's startups with their state, investor profile, watchlist, next steps."""
    memberships = list(StartupMembership.objects.filter(user=user).select_related("startup").order_by("startup__name"))
    investor = InvestorProfile.objects.filter(user=user).first()
    bookmarks = []
    if investor and investor.is_verified:
        bookmarks = list(
            investor.bookmarks.filter(startup__status=Startup.Status.PUBLISHED).select_related("startup")[:5]
        )
    return {
        "user": user,
        "memberships": memberships,
        "investor": investor,
        "bookmarks": bookmarks,
        # The same rule as Viewer.can_browse_investors, from the rows already loaded.
        "can_browse_investors": can_see_all_startups(user)
        or any(m.startup.status == Startup.Status.PUBLISHED for m in memberships),
        "request": context.get("request"),
    }
