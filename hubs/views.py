from django.db.models import Model
from django.views.generic import DetailView
from django_filters.views import FilterView

from .filtersets import HubFilterSet
from .geo import hub_map
from .models import Hub, HubNetwork, Topic


def home_context(request) -> dict:
    """The home page's part of the hubs: the national hubs with their map, topics with active hubs, the networks."""
    hubs = list(Hub.objects.active().national().for_listing())
    return {
        "hubs": hubs,
        "hub_map": hub_map(hubs),
        "topics": Topic.objects.with_active_hubs(),
        "networks": HubNetwork.objects.all(),
    }


class HubListView(FilterView):
    """All active hubs with filters, the map and a result count; filter state lives in the URL."""

    filterset_class = HubFilterSet
    template_name = "hubs/hub_list.html"
    context_object_name = "hubs"

    def get_queryset(self):
        return Hub.objects.active().for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hubs = list(context["hubs"])
        context["hubs"] = hubs
        context["hub_map"] = hub_map(hubs)
        form = self.filterset.form
        context["active_filters"] = self.active_filters()
        context["is_filtered"] = form.is_bound and (not form.is_valid() or bool(context["active_filters"]))
        return context

    def active_filters(self) -> list[dict]:
        """One chip per applied filter, with the URL of the same list without that filter."""
        form = self.filterset.form
        if not form.is_bound or not form.is_valid():
            return []
        chips = []
        for name, value in form.cleaned_data.items():
            if value in (None, ""):
                continue
            field = form.fields[name]
            display = value if isinstance(value, Model) else dict(getattr(field, "choices", [])).get(value, value)
            params = self.request.GET.copy()
            params.pop(name, None)
            params.pop("page", None)
            chips.append({"label": str(field.label), "value": str(display), "url": f"?{params.urlencode()}"})
        return chips


class HubDetailView(DetailView):
    """One hub: focus, places, selection, partner hubs, networks, contact, its startups and events."""

    template_name = "hubs/hub_detail.html"
    context_object_name = "hub"

    def get_queryset(self):
        return Hub.objects.active().for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        hub = self.object
        reinforcing = list(hub.reinforcing_hubs.all())
        shown = {hub.lead_hub_id, *(other.pk for other in reinforcing)}
        partners = [other for other in hub.partner_hubs.all() if other.pk not in shown]
        context["reinforcing_hubs"] = reinforcing
        context["other_partner_hubs"] = partners
        context["hub_map"] = hub_map([hub, *([hub.lead_hub] if hub.lead_hub else []), *reinforcing, *partners])
        user = self.request.user
        context["can_edit"] = user.is_staff and user.has_perm("hubs.change_hub") and hub.is_editable_by(user)
        return context


class TopicDetailView(DetailView):
    """A topic with the hubs that have it as their focus (and, via includes, startups and events)."""

    model = Topic
    template_name = "hubs/topic_detail.html"
    context_object_name = "topic"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["hubs"] = self.object.hubs.active().for_listing()
        return context


class HubNetworkDetailView(DetailView):
    """A hub network with its coordinator and the member hubs listed in the portal."""

    queryset = HubNetwork.objects.select_related("coordinator_hub")
    template_name = "hubs/network_detail.html"
    context_object_name = "network"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        members = list(self.object.members.active().for_listing())
        context["members"] = members
        expected = self.object.expected_member_count
        context["unlisted_count"] = max(expected - len(members), 0) if expected else 0
        context["hub_map"] = hub_map(members)
        return context
