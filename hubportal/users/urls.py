from django.urls import path

from . import token_views, views

app_name = "users"
urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("profile/", views.ProfileUpdateView.as_view(), name="profile_update"),
    path("data/", views.AccountExportView.as_view(), name="account_export"),
    path("delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("api-tokens/new/", token_views.ApiTokenCreateView.as_view(), name="api_token_create"),
    path("api-tokens/<int:pk>/revoke/", token_views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("deleted/", views.AccountDeletedView.as_view(), name="account_deleted"),
]
