"""/api/v1/: the resources, the OpenAPI schema and its documentation page; anything else is a JSON 404."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from .errors import not_found
from .views import resources

app_name = "api"

router = SimpleRouter(trailing_slash=True)
router.register("hubs", resources.HubViewSet, basename="hub")
router.register("topics", resources.TopicViewSet, basename="topic")
router.register("networks", resources.NetworkViewSet, basename="network")
router.register("startups", resources.StartupViewSet, basename="startup")
router.register("events", resources.EventViewSet, basename="event")
router.register("news", resources.HubNewsViewSet, basename="news")
router.register("calls", resources.CallViewSet, basename="call")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        # Swagger UI's stylesheet draws its icons as data: SVG images; scripts and styles stay 'self' only.
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html")
        ),
        name="docs",
    ),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found),
]
