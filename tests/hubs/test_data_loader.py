import pytest
from django.core.management import call_command

from hubs.models import Hub, HubNetwork, Topic


@pytest.mark.django_db
def test_loader_creates_the_twelve_de_hubs_and_darmstadt_as_partner():
    call_command("load_hubs")
    national = Hub.objects.national()
    assert national.count() == 12
    assert set(national.values_list("slug", flat=True)) >= {"berlin", "frankfurt", "karlsruhe", "potsdam"}
    darmstadt = Hub.objects.get(slug="darmstadt")
    assert darmstadt.kind == Hub.Kind.PARTNER
    assert darmstadt.lead_hub.slug == "frankfurt"
    assert set(Hub.objects.get(slug="ludwigshafen-mannheim").focus_topics.values_list("slug", flat=True)) == {
        "chemistry",
        "health",
    }
    network = HubNetwork.objects.get(slug="digital-hub-netzwerk-bw")
    assert set(network.members.values_list("slug", flat=True)) == {"stuttgart", "karlsruhe", "ludwigshafen-mannheim"}
    assert network.coordinator == "DIZ GmbH"


@pytest.mark.django_db
def test_loader_is_idempotent_and_keeps_staff_edits():
    call_command("load_hubs")
    Hub.objects.filter(slug="berlin").update(website="https://example.org/berlin", focus_de="Von Staff bearbeitet")
    counts = (Hub.objects.count(), Topic.objects.count(), HubNetwork.objects.count())
    call_command("load_hubs")
    assert (Hub.objects.count(), Topic.objects.count(), HubNetwork.objects.count()) == counts
    berlin = Hub.objects.get(slug="berlin")
    assert berlin.website == "https://example.org/berlin"
    assert berlin.focus_de == "Von Staff bearbeitet"
