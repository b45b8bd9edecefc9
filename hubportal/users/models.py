from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .querysets import ApiTokenQuerySet, UserManager

__all__ = ["ApiToken", "ApiTokenQuerySet", "User", "UserManager"]  # UserManager: named in migration 0001


class User(AbstractUser):
    """A person with a login. The email address is the login; there is no username."""

    class AccountType(models.TextChoices):
        STARTUP = "startup", _("Startup founder or team member")
        INVESTOR = "investor", _("Investor")
        ORGANISATION = "organisation", _("Company or organisation")
        OTHER = "other", _("Other")

    username = None  # type: ignore[assignment]  # custom user model
    email = models.EmailField(_("email address"), unique=True)
    account_type = models.CharField(_("I am"), max_length=20, choices=AccountType.choices, default=AccountType.OTHER)
    language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=[("de", _("German")), ("en", _("English"))],
        default="de",
        help_text=_("Mails from the portal are written in this language."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # custom user model

    objects = UserManager()  # type: ignore[assignment, misc]  # custom user model

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_absolute_url(self):
        return reverse("users:account")


class ApiToken(models.Model):
    """A personal token for the read-only API: only its SHA-256 is stored, the token itself is shown once."""

    user = models.ForeignKey("users.User", on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=80, help_text=_("What you use the token for, e.g. “CRM import”."))
    prefix = models.CharField(_("beginning of the token"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
