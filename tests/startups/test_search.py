import pytest
from django.urls import reverse

from startups.models import InvestorProfile, Startup
from startups.services import startup_update, startup_update_search_vector
from tests.factories import InvestorProfileFactory, StartupFactory, TopicFactory

pytestmark = [pytest.mark.django_db]
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


def names(response):
    return [startup.name for startup in response.context["startups"]]


def test_word_forms_of_the_example_find_sensorwiese(client):
    StartupFactory(name="Sensorwiese", pitch="Bewässerung städtischer Grünflächen per Funksensor", description="")
    StartupFactory(name="Kochbox", pitch="Rezepte für städtische Haushalte", description="")
    assert names(client.get(URL, {"q": "Bewässerung städtische Grünfläche"})) == ["Sensorwiese"]
    assert names(client.get(URL, {"q": "Grünflächen bewässerung"})) == ["Sensorwiese"]
    assert names(client.get(URL, {"q": "Grunflache"})) == ["Sensorwiese"]  # typed without umlauts


def test_a_word_being_typed_finds_longer_words(client):
    StartupFactory(name="Palettenpilot", pitch="Lagerplatzvergabe für Speditionen", description="")
    StartupFactory(name="Anderes", pitch="Lagune und Aussicht", description="")
    assert names(client.get(URL, {"q": "Lager"})) == ["Palettenpilot"]
    assert names(client.get(URL, {"q": "Lagerpl"})) == ["Palettenpilot"]
    assert names(client.get(URL, {"q": "Spedit"})) == ["Palettenpilot"]
    assert names(client.get(URL, {"q": "La"})) == []  # too short for a prefix: whole words only


def test_english_text_is_found_by_english_word_forms(client):
    StartupFactory(name="Ledgerly", pitch="Accounting software for small companies", description="")
    assert names(client.get(URL, {"q": "company"})) == ["Ledgerly"]
    assert names(client.get(URL, {"q": "accounted"})) == ["Ledgerly"]


def test_stop_words_phrases_exclusion_and_or(client):
    StartupFactory(name="Lagerlogik", pitch="Lager und Logistik im Mittelstand", description="")
    StartupFactory(name="Hafenlogik", pitch="Logistik im Hafen", description="")
    assert names(client.get(URL, {"q": "Lager und Logistik"})) == ["Lagerlogik"]
    assert names(client.get(URL, {"q": "Logistik the"})) == ["Hafenlogik", "Lagerlogik"]
    assert names(client.get(URL, {"q": '"Logistik im Hafen"'})) == ["Hafenlogik"]
    assert names(client.get(URL, {"q": "Logistik -Lager"})) == ["Hafenlogik"]
    assert sorted(names(client.get(URL, {"q": "Hafen or Mittelstand"}))) == ["Hafenlogik", "Lagerlogik"]
    assert names(client.get(URL, {"q": "und"})) == []  # nothing but a stop word finds nothing
    assert names(client.get(URL, {"q": "!!! ???"})) == []  # and so does nothing but punctuation


def plan(queryset) -> str:
    from django.db import connection

    sql, params = queryset.order_by().query.sql_with_params()  # the filter's plan, not a sort's
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_searches_and_array_filters_are_answered_by_gin_indexes(db):
    from django.db import connection
    from django.db.models import Q

    from hubs.models import Hub
    from startups.filtersets import StartupFilterSet

    topics = [TopicFactory() for _ in range(20)]
    InvestorProfileFactory()
    Startup.objects.bulk_create(
        Startup(
            name=f"Firma {n}",
            slug=f"firma-{n}",
            pitch=f"Produkt {n} für Kunden",
            description=f"Beschreibung {n}",
            status="published",
            topic_ids=[topics[n % 20].pk],
        )
        for n in range(3000)
    )
    startup_update_search_vector()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE startups_startup; ANALYZE startups_investorprofile; ANALYZE hubs_hub")
        # A few thousand rows read faster from the table or a whole small index than through a GIN index's bitmap:
        # show which index can answer the condition itself.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        cursor.execute("SET LOCAL enable_indexonlyscan = off")
    assert "startup_search_public_gin" in plan(Startup.objects.search("Lagerpl").only("pk"))
    assert "startup_search_company_gin" in plan(Startup.objects.search("Lager", description_where=Q()).only("pk"))
    filterset = StartupFilterSet({"topic": [topics[0].slug]}, queryset=Startup.objects.published().only("pk"))
    assert "startup_pub_topics_gin" in plan(filterset.qs)
    assert "investor_search_gin" in plan(InvestorProfile.objects.search("Logistik").only("pk"))
    assert "investor_stages_gin" in plan(InvestorProfile.objects.filter(stages__overlap=["seed"]).only("pk"))
    assert "hub_states_gin" in plan(Hub.objects.in_state("BW").only("pk"))


def test_investor_directory_searches_name_and_thesis(client, staff_user):
    url = reverse("startups:investor_list")
    fund = InvestorProfileFactory(organisation="Hafenkapital", thesis="Wir finanzieren Lagerlogistik.")
    angel = InvestorProfileFactory(organisation="", thesis="Software für Kliniken", user__first_name="Greta")
    angel.user.last_name = "Grünberg"
    angel.user.save()
    InvestorProfileFactory(organisation="Other", thesis="Nichts davon")
    client.force_login(staff_user)

    def found(q):
        return [investor.pk for investor in client.get(url, {"q": q}).context["investors"]]

    assert found("Lagerlogistiken") == [fund.pk]
    assert found("hafenkap") == [fund.pk]
    assert found("Grünberg Klinik") == [angel.pk]  # the person's name, kept after the name changed
    fund.organisation = "Elbkapital"
    fund.save()
    assert found("Hafenkapital") == [] and found("Elbkapital") == [fund.pk]


def test_the_result_count_of_a_search_does_not_rank(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    StartupFactory(name="Lagerlogik", pitch="Lager", description="")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"q": "Lager", "sort": "relevance"})
    assert response.context["result_count"] == 1
    counts = [query["sql"] for query in captured if query["sql"].startswith("SELECT COUNT(*)")]
    assert len(counts) == 1 and "ts_rank" not in counts[0] and "@@" in counts[0]
