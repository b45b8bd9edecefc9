from django.urls import path

from hubportal.core.pagecache import cache_for_visitors

from . import views

app_name = "hubs"
# Pages for visitors come from the page cache; the arguments name what each page shows (hubportal/core/pagecache.py).
urlpatterns = [
    path("", cache_for_visitors("hubs")(views.HubListView.as_view()), name="hub_list"),
    path(
        "topics/<slug:slug>/",
        cache_for_visitors("hubs", "startups", "events")(views.TopicDetailView.as_view()),
        name="topic_detail",
    ),
    path(
        "networks/<slug:slug>/", cache_for_visitors("hubs")(views.HubNetworkDetailView.as_view()), name="network_detail"
    ),
    path(
        "<slug:slug>/",
        cache_for_visitors("hubs", "startups", "events", "news", "calls")(views.HubDetailView.as_view()),
        name="hub_detail",
    ),
]
