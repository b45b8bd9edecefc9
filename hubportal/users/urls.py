from django.urls import path

from . import views

app_name = "users"
urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("profile/", views.ProfileUpdateView.as_view(), name="profile_update"),
    path("data/", views.AccountExportView.as_view(), name="account_export"),
    path("delete/", views.AccountDeleteView.as_view(), name="account_delete"),
    path("deleted/", views.AccountDeletedView.as_view(), name="account_deleted"),
]
