from django.views.generic import DetailView, ListView

from .models import Hub, HubNetwork, Topic


class HubListView(ListView):
    template_name = "hubs/hub_list.html"
    context_object_name = "hubs"

    def get_queryset(self):
        return Hub.objects.active().for_listing()


class HubDetailView(DetailView):
    template_name = "hubs/hub_detail.html"
    context_object_name = "hub"

    def get_queryset(self):
        return Hub.objects.active().for_detail()


class TopicDetailView(DetailView):
    model = Topic
    template_name = "hubs/topic_detail.html"
    context_object_name = "topic"


class HubNetworkDetailView(DetailView):
    model = HubNetwork
    template_name = "hubs/network_detail.html"
    context_object_name = "network"
