from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


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
