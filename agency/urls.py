from django.urls import path

from hubportal.core.pagecache import cache_for_visitors

from . import views

app_name = "agency"
urlpatterns = [
    path("account/organisation/", views.OrganisationProfileUpdateView.as_view(), name="organisationprofile_update"),
    path("account/advice/", views.AdviceRequestListView.as_view(), name="advicerequest_list"),
    path("account/advice/<int:pk>/", views.AdviceRequestDetailView.as_view(), name="advicerequest_detail"),
    path("account/advice/<int:pk>/withdraw/", views.AdviceRequestWithdrawView.as_view(), name="advicerequest_withdraw"),
    path("advice/", views.AdviceRequestCreateView.as_view(), name="advicerequest_create"),
    path("news/", cache_for_visitors("news", "hubs")(views.HubUpdateListView.as_view()), name="hubupdate_list"),
    path("news/feed/", views.HubUpdateFeed(), name="hubupdate_feed"),
    path(
        "news/<slug:slug>/",
        cache_for_visitors("news", "hubs")(views.HubUpdateDetailView.as_view()),
        name="hubupdate_detail",
    ),
]
