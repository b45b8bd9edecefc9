from django.urls import path

from . import views

app_name = "matching"
urlpatterns = [
    path("startups/", views.StartupMatchListView.as_view(), name="startup_matches"),
    path("investors/", views.InvestorMatchListView.as_view(), name="investor_matches"),
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
