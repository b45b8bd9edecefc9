"""Personal API tokens in `Authorization: Bearer <token>`; without the header a request is anonymous."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from hubportal.users.services.api_tokens import api_token_user

LAST_USED_PRECISION = 3600  # seconds: `last_used_at` is written at most once an hour per token


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Looks the token up by its SHA-256 digest; a wrong or revoked token is a 401, never a silent anonymous read."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as “Authorization: Bearer <token>”."))
        row = api_token_user(header[1])
        if row is None:
            raise exceptions.AuthenticationFailed(_("This token is unknown or revoked."))
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > LAST_USED_PRECISION:
            type(row).objects.filter(pk=row.pk).update(last_used_at=now)
        return row.user, row

    def authenticate_header(self, request):
        return self.keyword
