"""The viewer's match score on profile pages, the matching panel of the account page and the navigation links."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from startups.models import InvestorProfile, Startup

from ..explain import explain
from ..forms import SavedSearchForm
from ..models import Introduction, SavedSearch
from ..scoring import annotate_investor_matches, annotate_startup_matches
from ..selectors import navigation_for

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
    open_intro = intro if intro and intro.current_status in ("pending", "accepted") else None
    result.update(
        row=row,
        reasons=explain(row) if row else [],
        intro=intro,
        can_request=open_intro is None,
        request_url=url,
    )
    return result


@register.inclusion_tag("matching/_nav.html", takes_context=True)
def matching_nav(context):
    """Main-navigation items of a signed-in user: the investor directory (startup teams and staff), their match pages,
    and the introductions inbox with the number of requests waiting for their answer (one query; nothing for
    visitors or people without a profile)."""
    request = context.get("request")
    if request is None or not hasattr(request, "user"):
        return {}
    return {**navigation_for(request.user), "path": request.path, "is_staff": request.user.is_staff}


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


@register.inclusion_tag("matching/_save_search_form.html", takes_context=True)
def save_search_form(context, kind=SavedSearch.Kind.STARTUPS):
    """“Save this search” for the filter of the page (`kind`: startups or investors); a login link for visitors.

    Needs no query: the page's view decides who may see the directory, the form's validation who may save it.
    """
    if kind not in SavedSearch.Kind.values:
        raise template.TemplateSyntaxError(f"save_search_form: unknown kind {kind!r}")
    request = context["request"]
    if not request.user.is_authenticated:
        return {"login_url": f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"}
    query = request.GET.copy()
    filterset = context.get("filterset")
    for name in list(query):
        # Only the directory's filters: not the page, nor the match pages' choice of startup.
        if name == "page" or (filterset is not None and name not in filterset.form.fields):
            del query[name]
    form = SavedSearchForm(initial={"kind": kind, "querystring": query.urlencode()}, auto_id="save-search-%s")
    return {"form": form, "csrf_token": context.get("csrf_token")}
