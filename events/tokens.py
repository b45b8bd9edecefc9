"""Signed links for guests: confirming their address and opening their ticket without an account."""

from django.core import signing

CONFIRM_SALT = "events.registration.confirm"
GUEST_SALT = "events.registration.guest"
CONFIRM_MAX_AGE = 7 * 24 * 3600


def confirm_token(registration) -> str:
    """A link token that confirms a guest's email address; valid for seven days."""
    return signing.dumps(registration.ticket_code, salt=CONFIRM_SALT, compress=False)


def guest_token(registration) -> str:
    """A link token that opens the guest's ticket page (and lets them cancel)."""
    return signing.dumps(registration.ticket_code, salt=GUEST_SALT, compress=False)


def code_from_confirm_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None


def code_from_guest_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=GUEST_SALT)
    except signing.BadSignature:
        return None
