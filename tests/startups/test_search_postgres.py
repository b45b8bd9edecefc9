import pytest
from django.urls import reverse

from startups.models import Startup
from startups.services import startup_update, startup_update_search_vector
from tests.factories import StartupFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
URL = reverse("startups:startup_list")


def test_german_stemming_and_ranking(client):
    title = StartupFactory(name="Lagerlogistik Nord", pitch="Lager", description="")
    body = StartupFactory(name="Anderes", pitch="Software", description="Wir verbessern die Lagerlogistiken")
    StartupFactory(name="Nichts", pitch="Medien", description="Film")
    startup_update_search_vector()
    startups = list(client.get(URL + "?q=Lagerlogistik").context["startups"])
    assert startups == [title, body]  # name weighs more than description; plural found by stemming


def test_vector_follows_edits(client, founder):
    startup = StartupFactory(owner=founder, pitch="Alt")
    startup_update_search_vector(startup_ids=[startup.pk])
    startup_update(startup=startup, user=founder, data={"pitch": "Wasserstoffspeicher für Quartiere"})
    assert list(client.get(URL + "?q=Wasserstoffspeicher").context["startups"]) == [startup]


@pytest.mark.parametrize("index", ["startup_search_public_gin", "startup_search_company_gin"])
def test_search_uses_the_stored_vectors_and_gin_indexes(index):
    from django.db import connection
    from django.db.models import Q

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [index])
        assert "gin" in cursor.fetchone()[0].lower()
    public_only = str(Startup.objects.search("Logistik").only("pk").query)
    assert "search_public" in public_only and "search_company" not in public_only and "german" in public_only
    assert "search_company" in str(Startup.objects.search("Logistik", description_where=Q(pk=1)).only("pk").query)


def test_description_counts_towards_the_rank_only_where_visible(client, investor):
    hidden = StartupFactory(name="Eins", pitch="Lager", description="Lager Lager Lager", company_visibility="investors")
    public = StartupFactory(name="Zwei", pitch="Lager", description="Lager Lager Lager", company_visibility="public")
    ranks = {s.pk: s.rank for s in client.get(URL + "?q=Lager&sort=relevance").context["startups"]}
    assert ranks[public.pk] > ranks[hidden.pk]
    client.force_login(investor.user)
    ranks = {s.pk: s.rank for s in client.get(URL + "?q=Lager&sort=relevance").context["startups"]}
    assert ranks[public.pk] == pytest.approx(ranks[hidden.pk])


def test_websearch_syntax_does_not_crash(client):
    StartupFactory()
    startup_update_search_vector()
    assert client.get(URL + '?q="unbalanced & | ! (').status_code == 200
