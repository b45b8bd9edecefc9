"""The advice section of the account page and the news section of the hub page."""

from django import template

from ..models import AdviceRequest, HubUpdate, OrganisationProfile

register = template.Library()


@register.inclusion_tag("agency/_account_advice.html")
def account_advice(user):
    """The user's organisation profile (if any) and their five most recent advice requests."""
    return {
        "user": user,
        "organisation": OrganisationProfile.objects.filter(user=user).first(),
        "advice_requests": AdviceRequest.objects.for_account(user)[:5],
    }


@register.inclusion_tag("agency/_hub_updates_list.html")
def hub_updates(hub):
    """The three latest published news items of `hub`."""
    return {"hub": hub, "updates": HubUpdate.objects.for_listing().filter(hub=hub)[:3]}
