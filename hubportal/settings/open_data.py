"""Settings of the open data API (api/, docs/api.md), read by base.py."""

import os

# Open data API (api/, docs/api.md): read-only, anonymous or with a personal token, JSON problem details for errors.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.IpRateThrottle", "api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.KeysetPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # The client's address for the per-IP limit: REMOTE_ADDR here, X-Forwarded-For after our proxies in prod.
    "NUM_PROXIES": 0,
    # `format` is a filter of the events (on site, online, hybrid), not a choice of renderer.
    "URL_FORMAT_OVERRIDE": None,
}
# Requests per client address (anonymous) and per token, counted in the default cache (Redis with REDIS_URL).
API_RATES = {
    "ip": os.environ.get("API_RATE_IP", "120/min"),
    "token": os.environ.get("API_RATE_TOKEN", "600/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hubportal open data API",
    "DESCRIPTION": "Hubs, topics, networks, published startups, events, hub news and calls of the Digital Hub "
    "Initiative. Read-only; German or English through Accept-Language or ?lang=.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
}
# CORS for the API only: any origin may read, without cookies; a token is for servers, not for other sites' pages.
CORS_URLS_REGEX = r"^/api/v1/(?!docs/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language"]
CORS_EXPOSE_HEADERS = ["Retry-After", "Content-Language"]
