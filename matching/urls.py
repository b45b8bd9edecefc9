from django.urls import path

from hubportal.core.personalcache import cache_for_person

from . import views

# A ranking is costly to build and the same until a startup, a hub or topic, or a person's profile changes.
ranked = cache_for_person("startups", "hubs", "people")

app_name = "matching"
urlpatterns = [
    path("startups/", ranked(views.StartupMatchListView.as_view()), name="startup_matches"),
    path("investors/", ranked(views.InvestorMatchListView.as_view()), name="investor_matches"),
    path("introductions/", views.IntroductionListView.as_view(), name="introduction_list"),
    path(
        "introductions/startup/<slug:slug>/",
        views.IntroductionRequestView.as_view(target="startup"),
        name="introduction_request_startup",
    ),
    path(
        "introductions/investor/<slug:slug>/",
        views.IntroductionRequestView.as_view(target="investor"),
        name="introduction_request_investor",
    ),
    path("introductions/<int:pk>/accept/", views.IntroductionAcceptView.as_view(), name="introduction_accept"),
    path("introductions/<int:pk>/decline/", views.IntroductionDeclineView.as_view(), name="introduction_decline"),
    path("introductions/<int:pk>/withdraw/", views.IntroductionWithdrawView.as_view(), name="introduction_withdraw"),
    path("searches/", views.SavedSearchListView.as_view(), name="savedsearch_list"),
    path("searches/new/", views.SavedSearchCreateView.as_view(), name="savedsearch_create"),
    path("searches/<int:pk>/delete/", views.SavedSearchDeleteView.as_view(), name="savedsearch_delete"),
]
