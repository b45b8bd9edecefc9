"""How a match page finds its rows (`best_startup_matches`, `rank_startup_matches`) and the `Startup.topic_ids`
they read."""

import random

import pytest
from django.db import connection
from django.db.models import FloatField, Q, Value

from hubs.models import Hub, Topic
from matching.scoring import (
    _startup_criteria,
    _within_margin_of_best,
    annotate_startup_matches,
    rank_startup_matches,
    startup_match_page,
)
from startups.models import InvestorProfile, Startup
from startups.services import startup_refresh_topic_ids
from tests.factories import HubFactory, StartupFactory, TopicFactory

WORDS = ["Sensornetze", "Energie", "Kochbox", "Logistik", "Pflege", "Daten", "Lager", "Flotte"]
ORDER = ("-match_score", "-published_at", "-id")


@pytest.fixture
def crowd(topics, hub):
    """60 published startups with every mix of topics, stages, amounts, visibility, hubs and words."""
    rng = random.Random(7)  # noqa: S311 - reproducible test data
    other_hub = HubFactory(slug="other-hub")
    stages = [value for value, _ in Startup.Stage.choices]
    amounts = [None, 50_000, 90_000, 100_000, 500_000, 1_000_000, 1_100_000, 1_300_000, 9_000_000]
    rows = []
    for i in range(60):
        rows.append(
            StartupFactory(
                name=f"Crowd {i}",
                pitch=" ".join(rng.sample(WORDS, 2)),
                description=" ".join(rng.sample(WORDS, 3)),
                company_visibility=rng.choice(["public", "investors", "introduction"]),
                topics=rng.sample(list(topics.values()), rng.randint(0, 3)),
                stage=rng.choice(stages),
                funding_sought=rng.choice(amounts),
                funding_visibility=rng.choice(["public", "investors", "introduction"]),
                hub=rng.choice([hub, other_hub, None]),
            )
        )
    return rows


def loaded(investor):
    return InvestorProfile.objects.prefetch_related("topics", "hubs").get(pk=investor.pk)


def full_order(investor):
    """The order of every published startup by the full score (the definition the ranking must keep)."""
    return list(
        annotate_startup_matches(Startup.objects.published(), investor).order_by(*ORDER).values_list("pk", flat=True)
    )


@pytest.mark.parametrize("thesis", ["Sensornetze und Energie", "", "Kochbox Logistik Pflege"])
def test_ranking_pass_gives_exactly_the_order_of_the_full_score(crowd, investor, thesis):
    investor.thesis = thesis
    investor.save()
    expected = full_order(investor)
    assert len(expected) == 60
    for upto in (1, 5, 20, 40, 60, 80):
        ranked = list(rank_startup_matches(Startup.objects.published(), investor, upto=upto)[:upto])
        assert [row["pk"] for row in ranked] == expected[:upto], upto
    # Page 2 of size 20, as the paginator asks for it.
    page = rank_startup_matches(Startup.objects.published(), investor, upto=40)[20:40]
    assert [row["pk"] for row in page] == expected[20:40]


def test_ranking_follows_the_investor_preferences(crowd, investor, topics):
    before = full_order(investor)
    investor.topics.set([topics["iot"]])
    investor.stages = ["growth"]
    investor.ticket_min, investor.ticket_max = None, 80_000
    investor.save()
    investor.hubs.clear()
    after = full_order(investor)
    assert after != before
    ranked = [row["pk"] for row in rank_startup_matches(Startup.objects.published(), investor, upto=20)[:20]]
    assert ranked == after[:20]


def test_ranking_keeps_the_filters_of_the_queryset(crowd, investor):
    seed = Startup.objects.published().filter(stage="seed")
    expected = list(annotate_startup_matches(seed, investor).order_by(*ORDER).values_list("pk", flat=True))
    ranked = [row["pk"] for row in rank_startup_matches(seed, investor, upto=100)[:100]]
    assert ranked == expected
    assert all(Startup.objects.get(pk=pk).stage == "seed" for pk in ranked)


def test_a_ranked_page_is_one_query(django_assert_num_queries, crowd, investor):
    investor = loaded(investor)
    with django_assert_num_queries(2):  # the page's rows, and the topics of the cards
        rows = list(startup_match_page(Startup.objects.published(), investor, bottom=20, top=40))
    assert [row.pk for row in rows] == full_order(investor)[20:40]
    assert [row.match_score for row in rows] == sorted((row.match_score for row in rows), reverse=True)


def plan_nodes(queryset):
    """Every node of the executed plan of `queryset` (PostgreSQL's EXPLAIN ANALYZE)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]

    def walk(node):
        yield node
        for child in node.get("Plans", []):
            yield from walk(child)

    return list(walk(plan))


def test_thesis_rank_is_computed_only_for_rows_that_can_reach_the_page(crowd, investor):
    investor.thesis = "Sensornetze und Energie"
    nodes = plan_nodes(rank_startup_matches(Startup.objects.published(), investor, upto=5)[:5])
    # The outer scan keeps only the candidates: fewer rows than the published ones reach the thesis rank.
    filtered = [n for n in nodes if "Rows Removed by Filter" in n and n.get("Relation Name") == "startups_startup"]
    assert any(n["Rows Removed by Filter"] > 0 for n in filtered)


def full_matches(investor):
    """How many startups meet every criterion of `investor` in full (the best score it can give)."""
    rows = annotate_startup_matches(Startup.objects.published(), investor)
    for name in ("match_topics", "match_ticket"):  # stated by every investor here
        rows = rows.filter(**{name: 1.0})
    for name in ("match_stage", "match_hub"):  # NULL when not stated
        rows = rows.filter(Q(**{name: 1.0}) | Q(**{f"{name}__isnull": True}))
    return rows.count()


def page(queryset, investor, bottom, top):
    return [row.pk for row in startup_match_page(queryset, investor, bottom=bottom, top=top)]


def add_full_matches(n, topics, hub):
    """`n` startups meeting every criterion of the `investor` fixture in full, words included, then (newer) one
    near miss per criterion: a full match on every other criterion must still rank below them."""
    full = {"stage": "seed", "funding_sought": 500_000, "funding_visibility": "investors", "hub": hub}
    for i in range(n):
        topics_of = [topics["ai"], topics["energy"]][: 1 + i % 2]
        StartupFactory(name=f"Full {i}", pitch="Sensornetze" if i % 2 else "Kochbox", topics=topics_of, **full)
    for name, miss in [
        ("topics", {"topics": [topics["ai"], topics["iot"]]}),
        ("no topics", {"topics": []}),
        ("stage", {"stage": "growth"}),
        ("ticket above", {"funding_sought": 1_200_000}),
        ("ticket below", {"funding_sought": 90_000}),
        ("hidden amount", {"funding_visibility": "introduction"}),
        ("hub", {"hub": None}),
    ]:
        StartupFactory(  # words of every thesis below: with a thesis, a near miss may outrank full matches
            name=f"Near miss: {name}",
            pitch="Sensornetze Energie Kochbox",
            description="Sensornetze Energie Logistik Pflege Sensornetze Energie",
            company_visibility="public",
            **{"topics": [topics["ai"]], **full, **miss},
        )


# What the investor states besides the fixture's topics and ticket: two stages and one hub (the full matches are
# walked per stage); two hubs and no stage (per hub); more stages than MERGED_WALKS (one walk); one stage.
PREFERENCES = {
    "two stages": (["seed", "series_a"], ["berlin-hub"]),
    "two hubs": ([], ["berlin-hub", "other-hub"]),
    "four stages": (["idea", "pre_seed", "seed", "series_a"], ["berlin-hub"]),
    "one stage": (["seed"], []),
}


def prefer(investor, preferences):
    stages, hub_slugs = PREFERENCES[preferences]
    investor.stages = stages
    investor.save()
    investor.hubs.set(Hub.objects.filter(slug__in=hub_slugs))


@pytest.mark.parametrize("preferences", PREFERENCES)
@pytest.mark.parametrize("thesis", ["Sensornetze und Energie", "", "Kochbox Logistik Pflege"])
def test_match_pages_hold_exactly_the_rows_of_the_full_order(crowd, investor, topics, hub, thesis, preferences):
    add_full_matches(4, topics, hub)
    investor.thesis = thesis
    prefer(investor, preferences)
    investor = loaded(investor)
    expected = full_order(investor)
    full = full_matches(investor)
    assert 2 <= full < 20  # pages filled by full matches alone, and pages that need the ranking
    assert len(expected) == 71
    for bottom, top in ((0, 1), (0, full - 1), (0, full), (0, full + 1), (0, 20), (20, 40), (40, 60), (60, 80)):
        assert page(Startup.objects.published(), investor, bottom, top) == expected[bottom:top], (bottom, top)


def test_match_pages_keep_the_filters_of_the_queryset(crowd, investor):
    investor.thesis = ""
    investor.save()
    investor = loaded(investor)
    seed = Startup.objects.published().filter(stage="seed")
    expected = list(annotate_startup_matches(seed, investor).order_by(*ORDER).values_list("pk", flat=True))
    assert 0 < len(expected) < 20
    assert page(seed, investor, 0, 20) == expected
    assert page(seed, investor, 0, 1) == expected[:1]


def test_without_preferences_every_startup_is_a_full_match_and_the_newest_come_first(crowd, investor):
    investor.thesis, investor.stages, investor.ticket_min, investor.ticket_max = "", [], None, None
    investor.save()
    investor.topics.clear()
    investor.hubs.clear()
    investor = loaded(investor)
    newest = list(Startup.objects.published().order_by("-published_at", "-id").values_list("pk", flat=True))
    assert page(Startup.objects.published(), investor, 0, 20) == newest[:20]
    assert page(Startup.objects.published(), investor, 20, 40) == newest[20:40]


@pytest.mark.parametrize("thesis", ["", "Sensornetze und Energie"])
def test_the_ranking_runs_only_when_the_full_matches_do_not_fill_the_page(crowd, investor, thesis):
    investor.thesis = thesis
    investor.save()
    investor = loaded(investor)
    full = full_matches(investor)

    def ranking_runs(top):
        nodes = plan_nodes(startup_match_page(Startup.objects.published(), investor, bottom=0, top=top))
        # The alternative taken when full matches do not fill the page (with a thesis, the other one takes the
        # best possible score as the cut-off).
        (gate,) = [node for node in nodes if " < " in node.get("One-Time Filter", "")]
        (ranking,) = [child for child in gate["Plans"] if child["Parent Relationship"] == "Outer"]
        return ranking["Actual Loops"]

    assert ranking_runs(full) == 0  # the newest full matches fill the page: the index walk stops there
    assert ranking_runs(full + 1) == 1


@pytest.mark.parametrize(
    ("preferences", "index", "column"),
    [("two stages", "startup_pub_stage", "stage"), ("two hubs", "startup_pub_hub", "hub_id")],
)
def test_a_few_stated_stages_or_hubs_are_walked_one_index_range_each(crowd, investor, preferences, index, column):
    prefer(investor, preferences)
    investor.thesis = ""
    investor = loaded(investor)
    with connection.cursor() as cursor:  # the plan 100k rows get, on a few rows (until the test's rollback)
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    nodes = plan_nodes(startup_match_page(Startup.objects.published(), investor, bottom=0, top=20))
    (merge,) = [node for node in nodes if node["Node Type"] == "Merge Append"]
    walks = [node for node in plan_nodes_below(merge) if node.get("Index Name") == index]
    assert len(walks) == 2  # one range of the index per stated value, rows of other values never read
    assert all(f"({column} = " in walk["Index Cond"] for walk in walks)


def plan_nodes_below(node):
    for child in node.get("Plans", []):
        yield child
        yield from plan_nodes_below(child)


def topic_ids(startup):
    return Startup.objects.values_list("topic_ids", flat=True).get(pk=startup.pk)


def test_topic_ids_follow_every_change_of_the_topics(db):
    a, b, c = (TopicFactory(slug=slug) for slug in ("ta", "tb", "tc"))
    startup = StartupFactory(topics=[c, a])
    other = StartupFactory(topics=[b])
    assert topic_ids(startup) == sorted([a.pk, c.pk])
    startup.topics.add(b)
    assert topic_ids(startup) == sorted([a.pk, b.pk, c.pk])
    startup.topics.remove(a, c)
    assert topic_ids(startup) == [b.pk]
    startup.topics.clear()
    assert topic_ids(startup) is None
    startup.topics.set([a])
    # From the topic's side.
    b.startups.add(startup)
    assert topic_ids(startup) == sorted([a.pk, b.pk])
    b.startups.remove(other)
    assert topic_ids(other) is None
    a.startups.clear()
    assert topic_ids(startup) == [b.pk]
    # Deleting a topic removes its rows without m2m_changed.
    other.topics.set([b, c])
    Topic.objects.filter(pk=b.pk).delete()
    assert topic_ids(startup) is None
    assert topic_ids(other) == [c.pk]


def test_refresh_repairs_rows_written_behind_the_signals_back(db):
    a, b = TopicFactory(slug="ra"), TopicFactory(slug="rb")
    startup = StartupFactory(topics=[a])
    Startup.topics.through.objects.bulk_create([Startup.topics.through(startup_id=startup.pk, topic_id=b.pk)])
    Startup.objects.filter(pk=startup.pk).update(topic_ids=None)
    startup_refresh_topic_ids()
    assert topic_ids(startup) == sorted([a.pk, b.pk])
    startup_refresh_topic_ids(startup_ids=[startup.pk])
    assert topic_ids(startup) == sorted([a.pk, b.pk])


@pytest.mark.parametrize("thesis", ["Sensornetze und Energie", ""])
def test_match_pages_walk_the_full_ranking_without_gaps(client, crowd, investor, thesis):
    from django.urls import reverse

    from startups.views.directory import PER_PAGE

    investor.thesis = thesis
    investor.save()
    client.force_login(investor.user)
    seen = []
    for number in range(1, 60 // PER_PAGE + 2):
        response = client.get(reverse("matching:startup_matches"), {"page": number})
        if response.status_code == 404:
            break
        assert response.context["result_count"] == 60
        seen += [row.pk for row in response.context["startups"]]
    assert seen == full_order(investor)


def test_saving_an_instance_loaded_before_its_topics_changed_keeps_the_new_topics(db, django_assert_num_queries):
    a, b = TopicFactory(slug="sa"), TopicFactory(slug="sb")
    startup = StartupFactory(topics=[a])
    stale = Startup.objects.get(pk=startup.pk)
    Startup.objects.get(pk=startup.pk).topics.set([b])  # another request changes the topics
    stale.name = "Renamed"
    stale.save()
    assert topic_ids(startup) == [b.pk]
    assert Startup.objects.get(pk=startup.pk).name == "Renamed"
    # A deferred field is not written back either, and saving loads nothing more.
    partial = Startup.objects.only("pk", "name").get(pk=startup.pk)
    partial.name = "Again"
    with django_assert_num_queries(1):
        partial.save()
    assert Startup.objects.values_list("name", "topic_ids").get(pk=startup.pk) == ("Again", [b.pk])


@pytest.mark.parametrize(
    "weights",
    [
        {"topics": 35, "stage": 20, "ticket": 20, "hub": 10, "thesis": 15},  # the defaults
        {"topics": 30, "stage": 20, "ticket": 20, "hub": 25, "thesis": 5},  # missing data can no longer make it
        {"topics": 20, "stage": 30, "ticket": 10, "hub": 25, "thesis": 15},  # rows without topics can make it
        {"topics": 20, "stage": 10, "ticket": 20, "hub": 10, "thesis": 40},  # hardly anything is needed
    ],
)
@pytest.mark.parametrize("preferences", ["two stages", "two hubs"])
def test_plain_tests_keep_every_row_within_the_thesis_weight_of_the_best_score(
    settings, crowd, investor, topics, hub, weights, preferences
):
    settings.MATCHING_WEIGHTS = weights
    add_full_matches(2, topics, hub)
    prefer(investor, preferences)
    investor.ticket_min, investor.ticket_max = 100_000, 1_000_000
    investor.save()
    investor = loaded(investor)
    scale = 100 / sum(weights.values())
    margin = weights["thesis"] * scale + 1e-6
    criteria = _startup_criteria(investor)
    criteria.pop("topics_shared")
    criteria["thesis"] = Value(None, output_field=FloatField())
    rows = annotate_startup_matches(Startup.objects.published(), investor)
    best = max(row.match_score - (row.match_thesis or 0) * weights["thesis"] * scale for row in rows)
    close = {
        row.pk for row in rows if row.match_score - (row.match_thesis or 0) * weights["thesis"] * scale >= best - margin
    }
    kept = set(Startup.objects.filter(_within_margin_of_best(investor, criteria, margin)).values_list("pk", flat=True))
    assert close
    assert close <= kept  # every row close to the best passes the tests
    if weights["thesis"] < max(weights.values()):
        assert len(kept) < len(rows)  # and they spare others the score
    else:
        assert len(kept) == len(rows)  # no criterion weighs more than the thesis: nothing can be ruled out
