from django.urls import path

from . import views

app_name = "hubs"
urlpatterns = [
    path("", views.HubListView.as_view(), name="hub_list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("networks/<slug:slug>/", views.HubNetworkDetailView.as_view(), name="network_detail"),
    path("<slug:slug>/", views.HubDetailView.as_view(), name="hub_detail"),
]
