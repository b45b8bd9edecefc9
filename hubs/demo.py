"""Demo data for hubs: the real hubs (hubs_load_real_data) and a hub manager for Berlin."""

from hubportal.users.demo import ensure_user
from hubportal.users.models import User

from .models import Hub
from .services import hub_manager_add, hubs_load_real_data

DEMO_MANAGERS = [
    # email, first name, last name, hub slug
    ("manager.berlin@hubportal.example", "Bea", "Beispiel", "berlin"),
]


def load_demo(*, password, stdout):
    """Loads the real hubs and creates the demo hub managers once; running it again changes nothing."""
    hubs_load_real_data()
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
        hub_manager_add(hub=hub, user=user)
        stdout.write(f"Demo hub manager of {hub.name}: {email}")
