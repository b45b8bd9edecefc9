from django.urls import path

from hubportal.core.pagecache import cache_for_visitors
from hubportal.core.personalcache import cache_for_person

from . import views

# Visitors share one page per address; a signed-in person gets their own (their watchlist buttons, their search).
directory = cache_for_visitors("startups", "hubs")(
    cache_for_person("startups", "hubs", "people", "bookmarks")(views.StartupListView.as_view())
)

app_name = "startups"
urlpatterns = [
    path("", directory, name="startup_list"),
    path("export.csv", views.StartupExportView.as_view(), name="startup_export"),
    path("new/", views.StartupCreateView.as_view(), name="startup_create"),
    path("investors/", views.InvestorListView.as_view(), name="investor_list"),
    path("investors/profile/", views.InvestorProfileView.as_view(), name="investor_profile"),
    path("investors/<slug:slug>/", views.InvestorDetailView.as_view(), name="investor_detail"),
    path("watchlist/", views.BookmarkListView.as_view(), name="bookmark_list"),
    path("invitations/<slug:token>/", views.InvitationAcceptView.as_view(), name="invitation_accept"),
    path(
        "<slug:slug>/", cache_for_visitors("startups", "hubs")(views.StartupDetailView.as_view()), name="startup_detail"
    ),
    path("<slug:slug>/edit/", views.StartupUpdateView.as_view(), name="startup_update"),
    path("<slug:slug>/submit/", views.StartupSubmitView.as_view(), name="startup_submit"),
    path("<slug:slug>/team/", views.StartupTeamView.as_view(), name="startup_team"),
    path("<slug:slug>/team/<int:pk>/remove/", views.MembershipRemoveView.as_view(), name="membership_remove"),
    path("<slug:slug>/team/<int:pk>/owner/", views.OwnershipTransferView.as_view(), name="ownership_transfer"),
    path("<slug:slug>/bookmark/", views.BookmarkToggleView.as_view(), name="bookmark_toggle"),
    path("<slug:slug>/bookmark/note/", views.BookmarkUpdateView.as_view(), name="bookmark_update"),
]
