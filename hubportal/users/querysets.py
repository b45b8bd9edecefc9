"""The users app's manager and querysets (typed strictly, as every `*.querysets` module)."""

from typing import TYPE_CHECKING, Any, Self

from django.contrib.auth.base_user import BaseUserManager
from django.db import models

if TYPE_CHECKING:
    from .models import ApiToken, User  # noqa: F401 (ApiToken: named in the quoted QuerySet base)


class UserManager(BaseUserManager["User"]):
    """Accounts by email address: there is no username; addresses are stored in lower case."""

    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> "User":
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields: Any) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> Self:
        """Tokens that still open the API (not revoked)."""
        return self.filter(revoked_at__isnull=True)
