from django.urls import path

from hubportal.core.pagecache import cache_for_visitors

from . import views

app_name = "calls"
urlpatterns = [
    path("", cache_for_visitors("calls", "hubs")(views.CallListView.as_view()), name="call_list"),
    path("deadlines.ics", cache_for_visitors("calls")(views.deadlines_ics), name="deadlines_ics"),
    path("applications/", views.ApplicationListView.as_view(), name="application_list"),
    path("applications/<slug:code>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("applications/<slug:code>/submit/", views.SubmitConfirmView.as_view(), name="application_submit"),
    path("applications/<slug:code>/withdraw/", views.ApplicationWithdrawView.as_view(), name="application_withdraw"),
    path("applications/<slug:code>/second-phase/", views.SecondPhaseView.as_view(), name="second_phase"),
    path(
        "applications/<slug:code>/second-phase/submit/",
        views.SecondPhaseSubmitView.as_view(),
        name="second_phase_submit",
    ),
    path("applications/<slug:code>/files/<int:pk>/", views.application_file, name="application_file"),
    path("jury/", views.JuryCallListView.as_view(), name="jury_list"),
    path("jury/files/<slug:code>/<int:pk>/", views.reviewer_file, name="reviewer_file"),
    path("jury/<slug:slug>/", views.JuryCallView.as_view(), name="jury_call"),
    path("jury/<slug:slug>/<slug:code>/", views.JuryApplicationView.as_view(), name="jury_application"),
    path("<slug:slug>/", cache_for_visitors("calls", "hubs")(views.CallDetailView.as_view()), name="call_detail"),
    path("<slug:slug>/apply/", views.ApplicationStartView.as_view(), name="application_start"),
    path(
        "<slug:slug>/results/",
        cache_for_visitors("calls", "call_results", "hubs")(views.CallResultsView.as_view()),
        name="call_results",
    ),
]
