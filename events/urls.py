from django.urls import path

from hubportal.core.pagecache import cache_for_visitors

from . import feeds, views

app_name = "events"
urlpatterns = [
    path("", cache_for_visitors("events", "hubs")(views.EventListView.as_view()), name="event_list"),
    path(
        "archive/", cache_for_visitors("events", "hubs")(views.EventListView.as_view(past=True)), name="event_archive"
    ),
    path("calendar.ics", feeds.calendar_feed, name="calendar_feed"),
    path("calendar/hubs/<slug:slug>.ics", feeds.hub_calendar_feed, name="hub_calendar_feed"),
    path("calendar/topics/<slug:slug>.ics", feeds.topic_calendar_feed, name="topic_calendar_feed"),
    path("feed/rss/", feeds.UpcomingEventsFeed(), name="event_feed_rss"),
    path("feed/atom/", feeds.UpcomingEventsAtomFeed(), name="event_feed_atom"),
    path("tickets/<slug:code>/", views.RegistrationDetailView.as_view(), name="registration_detail"),
    path("tickets/<slug:code>/qr.svg", views.registration_qr, name="registration_qr"),
    path("tickets/<slug:code>/cancel/", views.RegistrationCancelView.as_view(), name="registration_cancel"),
    path("guest/<str:token>/", views.RegistrationGuestView.as_view(), name="registration_guest"),
    path("guest/<str:token>/qr.svg", views.registration_guest_qr, name="registration_guest_qr"),
    path("guest/<str:token>/cancel/", views.RegistrationGuestCancelView.as_view(), name="registration_guest_cancel"),
    path("confirm/<str:token>/", views.RegistrationConfirmView.as_view(), name="registration_confirm"),
    path(
        "<slug:slug>/",
        cache_for_visitors("events", "hubs")(views.EventDetailView.as_view()),
        name="event_detail",
    ),
    path("<slug:slug>/register/", views.RegistrationCreateView.as_view(), name="registration_create"),
    path("<slug:slug>/calendar.ics", feeds.event_ics, name="event_ics"),
    path("<slug:slug>/check-in/", views.EventCheckInView.as_view(), name="event_checkin"),
]
