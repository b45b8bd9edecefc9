"""Demo accounts for `make run` (password: see README)."""

from allauth.account.models import EmailAddress

from .models import User

DEMO_USERS = [
    # email, first name, last name, account type, staff, superuser
    ("staff@hubportal.example", "Alex", "Agentur", User.AccountType.OTHER, True, True),
]


def ensure_user(*, email, first_name, last_name, account_type, password, is_staff=False, is_superuser=False):
    """Creates a verified demo user once; later runs leave it as it is."""
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "account_type": account_type,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def load_demo(*, password, stdout):
    for email, first, last, account_type, staff, superuser in DEMO_USERS:
        ensure_user(
            email=email,
            first_name=first,
            last_name=last,
            account_type=account_type,
            password=password,
            is_staff=staff,
            is_superuser=superuser,
        )
    stdout.write("Demo staff account: staff@hubportal.example")
