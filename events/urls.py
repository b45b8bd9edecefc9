from django.urls import path
from django.views.generic import TemplateView

app_name = "events"
urlpatterns = [
    path("", TemplateView.as_view(template_name="placeholder.html"), name="event_list"),
]
