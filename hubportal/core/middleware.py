"""Security headers that Django's SecurityMiddleware does not send (docs/security.md, "Headers")."""

from django.conf import settings


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "usb": []}` → `camera=(self), usb=()` (the Permissions-Policy header syntax)."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in features.items())


class SecurityHeadersMiddleware:
    """Adds Permissions-Policy (settings.PERMISSIONS_POLICY, widened per URL name by
    settings.PERMISSIONS_POLICY_VIEWS) and Cross-Origin-Resource-Policy to every response Django makes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        features = dict(settings.PERMISSIONS_POLICY)
        match = getattr(request, "resolver_match", None)
        if match is not None:
            features.update(settings.PERMISSIONS_POLICY_VIEWS.get(match.view_name, {}))
        if features:
            response.headers.setdefault("Permissions-Policy", permissions_policy(features))
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response
