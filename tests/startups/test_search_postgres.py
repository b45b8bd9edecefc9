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


def test_search_uses_the_stored_vector_and_gin_index():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'startup_search_gin'")
        assert "gin" in cursor.fetchone()[0].lower()
    sql = str(Startup.objects.search("Logistik").query)
    assert "search_vector" in sql and "german" in sql


def test_websearch_syntax_does_not_crash(client):
    StartupFactory()
    startup_update_search_vector()
    assert client.get(URL + '?q="unbalanced & | ! (').status_code == 200
