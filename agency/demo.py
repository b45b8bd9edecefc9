"""Demo data for the back office: an advisor, an organisation with a request, a hub news item."""

from hubportal.admin.roles import ADVISOR, staff_groups_ensure
from hubportal.users.demo import ensure_user
from hubportal.users.models import User
from hubs.models import Hub

from .models import AdviceRequest, HubUpdate
from .services import advice_reply_send, advice_request_assign, advice_request_create, organisation_profile_save


def load_demo(*, password, stdout):
    groups = staff_groups_ensure()
    advisor = ensure_user(
        email="advisor@hubportal.example",
        first_name="Berit",
        last_name="Beratung",
        account_type=User.AccountType.OTHER,
        password=password,
        is_staff=True,
    )
    advisor.groups.add(groups[ADVISOR])
    company = ensure_user(
        email="mittelstand@hubportal.example",
        first_name="Moritz",
        last_name="Mittelstand",
        account_type=User.AccountType.ORGANISATION,
        password=password,
    )
    organisation_profile_save(user=company, company_name="Demo Maschinenbau GmbH", size="medium", sector="Maschinenbau")
    if not AdviceRequest.objects.filter(requester=company).exists():
        advice = advice_request_create(
            requester=company,
            topic=AdviceRequest.Topic.HUB,
            message="Wir suchen einen Hub, über den wir mit Logistik-Startups zusammenarbeiten können.",
            preferred_hub=Hub.objects.filter(slug__icontains="hamburg").first(),
        )
        advice_request_assign(request=advice, advisor=advisor, actor=advisor)
        advice_reply_send(
            request=advice, author=advisor, text="Gern stellen wir Ihnen die Logistik-Hubs vor. Wann passt ein Termin?"
        )
    hub = Hub.objects.national().order_by("name").first()
    if hub is not None:
        HubUpdate.objects.get_or_create(
            slug="demo-neuigkeit",
            defaults={
                "hub": hub,
                "title_de": "Demo-Meldung aus dem Hub",
                "title_en": "Demo news from the hub",
                "text_de": "Dies ist eine Beispielmeldung der Demodaten.",
                "text_en": "This is a sample news item of the demo data.",
                "is_published": True,
            },
        )
    stdout.write("Demo advisor: advisor@hubportal.example; demo company: mittelstand@hubportal.example")
