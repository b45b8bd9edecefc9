"""Personal API tokens: created and revoked by their owner on the account page (staff may revoke them in the admin),
stored as a SHA-256 digest. Creating and revoking are written to the activity log, without the token or its digest."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hubportal.activity.services import activity_record
from hubportal.errors import ServiceError

from ..activity import CREATED, REVOKED, token_data
from ..models import ApiToken, User

PREFIX = "hp_"
MAX_ACTIVE_TOKENS = 10


def token_digest(token: str) -> str:
    """The stored form of a token: tokens are long random strings, so a plain SHA-256 suffices (no salt)."""
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the token, which is never stored and never shown again."""
    if ApiToken.objects.active().filter(user=user).count() >= MAX_ACTIVE_TOKENS:
        raise ServiceError(
            _("You have %(count)d active tokens: revoke one before creating another.") % {"count": MAX_ACTIVE_TOKENS},
            code="too_many_tokens",
        )
    token = PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name.strip(), prefix=token[:10], digest=token_digest(token))
    activity_record(actor=user, action_code=CREATED, target=row, data=token_data(row))
    return row, token


def _revoke(row: ApiToken, *, by: User, by_staff: bool) -> None:
    row.revoked_at = timezone.now()
    row.save(update_fields=["revoked_at"])
    data = token_data(row, by_staff=True) if by_staff else token_data(row)
    activity_record(actor=by, action_code=REVOKED, target=row, data=data)


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revokes one of `user`'s own tokens (another person's token is not found)."""
    row: ApiToken | None = ApiToken.objects.select_for_update().filter(user=user, pk=token_id).first()
    if row is None:
        raise ApiToken.DoesNotExist
    if row.revoked_at is None:
        _revoke(row, by=user, by_staff=False)
    return row


@transaction.atomic
def api_token_revoke_as_staff(*, token: ApiToken, by: User) -> ApiToken:
    """Staff revoke someone's token in the admin (a leaked token, a misused account); a revoked one is refused."""
    row: ApiToken = ApiToken.objects.select_for_update().get(pk=token.pk)
    if row.revoked_at is not None:
        raise ServiceError(_("The token was revoked already."), code="already_revoked")
    _revoke(row, by=by, by_staff=True)
    return row


def api_token_user(token: str) -> ApiToken | None:
    """The token's row with its user when the token is active and the account usable, else None."""
    if not token.startswith(PREFIX) or len(token) > 100:
        return None
    row: ApiToken | None = ApiToken.objects.active().select_related("user").filter(digest=token_digest(token)).first()
    if row is None or not row.user.is_active:
        return None
    return row
