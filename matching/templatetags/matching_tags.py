"""The viewer's match score on profile pages and the matching panel of the account page."""

from django import template
from django.urls import reverse

from startups.models import InvestorProfile, Startup

from ..explain import explain
from ..models import Introduction
from ..scoring import annotate_investor_matches, annotate_startup_matches, has_fulltext

register = template.Library()


def _latest(**filters):
    return Introduction.objects.filter(**filters).order_by("-created_at", "-id").first()


@register.inclusion_tag("matching/_score_panel.html", takes_context=True)
def score_for_viewer(context, startup=None, investor=None):
    """On a startup page for a verified investor, or an investor page for a startup team: score, reasons, intro."""
    request = context.get("request")
    user = getattr(request, "user", None)
    result = {"row": None, "request": request}
    if user is None or not user.is_authenticated:
        return result
    if startup is not None:
        own = InvestorProfile.objects.filter(user=user, is_verified=True).first()
        if own is None or not startup.is_published or startup.memberships.filter(user=user).exists():
            return result
        row = annotate_startup_matches(Startup.objects.filter(pk=startup.pk), own).first()
        intro = _latest(startup=startup, investor=own)
        url = reverse("matching:introduction_request_startup", kwargs={"slug": startup.slug})
    elif investor is not None:
        mine = list(Startup.objects.published().of_member(user).order_by("name", "id"))
        if not mine:
            return result
        row = annotate_investor_matches(InvestorProfile.objects.filter(pk=investor.pk), mine[0]).first()
        intro = _latest(startup__in=mine, investor=investor)
        url = reverse("matching:introduction_request_investor", kwargs={"slug": investor.slug})
        if intro and intro.status == Introduction.Status.ACCEPTED:
            result["contact"] = investor.user.email
            result["contact_name"] = investor.user.get_full_name()
        result["for_startup"] = mine[0]
    else:
        return result
    open_intro = intro if intro and intro.status in ("pending", "accepted") else None
    result.update(
        row=row,
        reasons=explain(row, thesis=has_fulltext()) if row else [],
        intro=intro,
        can_request=open_intro is None,
        request_url=url,
    )
    return result


@register.inclusion_tag("matching/_account_panel.html")
def account_matching(user):
    """Inbox counts and links to matches and saved searches for the account page."""
    if not user.is_authenticated:
        return {}
    is_investor = InvestorProfile.objects.filter(user=user, is_verified=True).exists()
    has_startup = Startup.objects.published().of_member(user).exists()
    return {
        "incoming": Introduction.objects.incoming_for(user).count(),
        "outgoing": Introduction.objects.outgoing_for(user).count(),
        "accepted": Introduction.objects.involving(user).filter(status="accepted").count(),
        "is_investor": is_investor,
        "has_startup": has_startup,
    }
