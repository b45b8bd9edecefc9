"""Request limits in the shared cache: per client address without a token, per token with one (429 + Retry-After)."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _Throttle(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request (not at import), so a deployment or a test can change the rates.
        return settings.API_RATES[self.scope]


class IpRateThrottle(_Throttle):
    """Anonymous requests, counted per client address."""

    scope = "ip"

    def get_cache_key(self, request, view):
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenRateThrottle(_Throttle):
    """Requests with a token, counted per token (whichever address they come from)."""

    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}
