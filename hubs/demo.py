"""Demo data for hubs: a hub manager for Berlin (the real hubs come from hubs_load_real_data)."""

from django.contrib.auth.models import Group, Permission

from hubportal.users.demo import ensure_user
from hubportal.users.models import User

from .models import Hub

HUB_MANAGER_GROUP = "Hub manager"
HUB_MANAGER_PERMISSIONS = [("hubs", "view_hub"), ("hubs", "change_hub"), ("hubs", "view_topic")]
DEMO_MANAGERS = [
    # email, first name, last name, hub slug
    ("manager.berlin@hubportal.example", "Bea", "Beispiel", "berlin"),
]


def hub_manager_group() -> Group:
    """The group that lets hub managers open and edit their own hubs in the admin."""
    group, _ = Group.objects.get_or_create(name=HUB_MANAGER_GROUP)
    permissions = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in HUB_MANAGER_PERMISSIONS
    ]
    group.permissions.add(*permissions)
    return group


def load_demo(*, password, stdout):
    """Creates the demo hub managers once; running it again changes nothing."""
    group = hub_manager_group()
    for email, first_name, last_name, slug in DEMO_MANAGERS:
        hub = Hub.objects.filter(slug=slug).first()
        if hub is None:
            continue
        user = ensure_user(
            email=email,
            first_name=first_name,
            last_name=last_name,
            account_type=User.AccountType.ORGANISATION,
            password=password,
            is_staff=True,
        )
        user.groups.add(group)
        hub.managers.add(user)
        stdout.write(f"Demo hub manager of {hub.name}: {email}")
