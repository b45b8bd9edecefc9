"""Staff set a person's password in the admin (Django's password page of a user)."""

from typing import TYPE_CHECKING

from django.db import transaction

from hubportal.activity.services import activity_record

from ..activity import PASSWORD_SET

if TYPE_CHECKING:
    from hubportal.users.models import User


def password_set_by_staff(*, user: "User", password: str | None, by: "User | None") -> "User":
    """Sets `password` (None: no password login any more) and writes the activity log, never the password itself.
    Validation (strength, both fields equal) is the form's; this is the write."""
    with transaction.atomic():
        if password is None:
            user.set_unusable_password()
        else:
            user.set_password(password)
        user.save(update_fields=["password"])
        activity_record(actor=by, action_code=PASSWORD_SET, target=user, data={"usable": password is not None})
    return user
