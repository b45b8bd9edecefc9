from django.urls import path
from django.views.generic import TemplateView

app_name = "startups"
urlpatterns = [
    path("", TemplateView.as_view(template_name="placeholder.html"), name="startup_list"),
    path("investors/", TemplateView.as_view(template_name="placeholder.html"), name="investor_list"),
]
