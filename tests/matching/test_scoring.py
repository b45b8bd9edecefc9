import pytest
from django.utils import translation

from matching.explain import MET, NOT_MET, PARTLY, UNKNOWN, explain
from matching.scoring import annotate_investor_matches, annotate_startup_matches
from startups.models import InvestorProfile, Startup
from tests.factories import HubFactory, InvestorProfileFactory, StartupFactory


def scored(startup, investor):
    return annotate_startup_matches(Startup.objects.filter(pk=startup.pk), investor).get()


def scored_investor(investor, startup):
    return annotate_investor_matches(InvestorProfile.objects.filter(pk=investor.pk), startup).get()


def test_perfect_fit_scores_full_on_every_criterion_but_thesis(startup, investor):
    row = scored(startup, investor)
    assert (row.match_topics, row.match_stage, row.match_ticket, row.match_hub) == (1.0, 1.0, 1.0, 1.0)
    assert row.match_topics_shared == 2


def test_topic_overlap_is_normalised_by_the_smaller_topic_list(startup, investor, topics):
    investor.topics.set([topics["ai"], topics["iot"]])
    row = scored(startup, investor)
    assert row.match_topics_shared == 1
    assert row.match_topics == pytest.approx(0.5)
    investor.topics.set([topics["iot"]])
    assert scored(startup, investor).match_topics == 0.0


def test_topics_unknown_when_one_side_has_none(startup, investor):
    investor.topics.clear()
    row = scored(startup, investor)
    assert row.match_topics is None
    assert explain(row)[0].status == UNKNOWN


def test_stage_outside_preferred_stages_is_not_met(startup, investor):
    startup.stage = Startup.Stage.GROWTH
    startup.save()
    assert scored(startup, investor).match_stage == 0.0
    investor.stages = []
    investor.save()
    assert scored(startup, investor).match_stage is None


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (100_000, 1.0),
        (1_000_000, 1.0),
        (87_500, 0.5),  # halfway into the 25 % margin below the minimum
        (75_000, 0.0),
        (1_125_000, 0.5),
        (1_250_000, 0.0),
        (5_000_000, 0.0),
        (10_000, 0.0),
    ],
)
def test_funding_inside_range_is_full_credit_and_near_the_edges_partial(startup, investor, amount, expected):
    startup.funding_sought = amount
    startup.save()
    assert scored(startup, investor).match_ticket == pytest.approx(expected)


def test_funding_hidden_from_investors_counts_as_not_disclosed(startup, investor):
    startup.funding_visibility = Startup.Visibility.INTRODUCTION
    startup.funding_sought = 50_000_000  # far outside: a 0 would reveal it
    startup.save()
    row = scored(startup, investor)
    assert row.match_ticket is None
    assert {r.criterion: r.status for r in explain(row)}["ticket"] == UNKNOWN


def test_open_ended_ticket_range(startup, investor):
    investor.ticket_min = None
    investor.save()
    startup.funding_sought = 10
    startup.save()
    assert scored(startup, investor).match_ticket == 1.0


def test_hub_preference(startup, investor):
    assert scored(startup, investor).match_hub == 1.0
    investor.hubs.set([HubFactory()])
    assert scored(startup, investor).match_hub == 0.0
    investor.hubs.clear()
    assert scored(startup, investor).match_hub is None


def test_score_weighs_criteria_with_the_configured_weights(settings, startup, investor, topics):
    settings.MATCHING_WEIGHTS = {"topics": 1, "stage": 1, "ticket": 0, "hub": 0, "thesis": 0}
    investor.topics.set([topics["ai"], topics["iot"]])
    startup.stage = Startup.Stage.GROWTH
    startup.save()
    assert scored(startup, investor).match_score == pytest.approx(25.0)  # (0.5 + 0) / 2


def test_missing_data_counts_half(settings, startup, investor):
    settings.MATCHING_WEIGHTS = {"topics": 0, "stage": 0, "ticket": 0, "hub": 1, "thesis": 0}
    investor.hubs.clear()
    assert scored(startup, investor).match_score == pytest.approx(50.0)


def test_ranking_puts_the_best_fit_first(startup, investor, topics):
    weak = StartupFactory(topics=[topics["iot"]], stage=Startup.Stage.GROWTH, funding_sought=90_000_000)
    middle = StartupFactory(topics=[topics["ai"]], stage=Startup.Stage.SEED, funding_sought=5_000_000)
    ranked = list(annotate_startup_matches(Startup.objects.all(), investor).order_by("-match_score", "-id"))
    assert ranked == [startup, middle, weak]


def test_top_20_is_one_query_once_the_investor_is_loaded(django_assert_num_queries, investor, topics):
    for _ in range(25):
        StartupFactory(topics=[topics["ai"]])
    investor = InvestorProfile.objects.prefetch_related("topics", "hubs").get(pk=investor.pk)
    with django_assert_num_queries(1):
        rows = list(annotate_startup_matches(Startup.objects.published(), investor).order_by("-match_score")[:20])
    assert len(rows) == 20
    with django_assert_num_queries(0):
        [explain(row) for row in rows]


def test_investor_side_mirrors_the_startup_side(startup, investor, topics):
    other = InvestorProfileFactory(stages=["growth"], ticket_min=10_000_000, ticket_max=None)
    other.topics.set([topics["iot"]])
    ranked = list(annotate_investor_matches(InvestorProfile.objects.all(), startup).order_by("-match_score"))
    assert ranked == [investor, other]
    row = scored_investor(investor, startup)
    assert (row.match_topics, row.match_stage, row.match_ticket, row.match_hub) == (1.0, 1.0, 1.0, 1.0)
    far = scored_investor(other, startup)
    assert (far.match_topics, far.match_stage, far.match_ticket, far.match_hub) == (0.0, 0.0, 0.0, None)


def test_investor_side_top_20_is_one_query(django_assert_num_queries, startup):
    for _ in range(22):
        InvestorProfileFactory()
    with django_assert_num_queries(1):
        assert len(list(annotate_investor_matches(InvestorProfile.objects.all(), startup)[:20])) == 20


def test_explanation_in_both_languages(startup, investor, topics):
    investor.topics.set([topics["ai"], topics["iot"]])
    startup.funding_sought = 1_100_000
    startup.save()
    row = scored(startup, investor)
    with translation.override("en"):
        reasons = {r.criterion: r for r in explain(row)}
        assert reasons["topics"].status == PARTLY
        assert reasons["topics"].text == "1 shared topic."
        assert reasons["stage"].status == MET
        assert reasons["ticket"].status == PARTLY
        assert "edge" in reasons["ticket"].text
    startup.stage = Startup.Stage.GROWTH
    startup.save()
    row = scored(startup, investor)
    with translation.override("de"):
        stage = {r.criterion: r for r in explain(row)}["stage"]
        assert stage.status == NOT_MET


def test_thesis_similarity_ranks_matching_words_higher(startup, investor, topics):
    unrelated = StartupFactory(name="Kochbox", pitch="Rezepte und Kochboxen", description="Essen nach Hause")
    rows = {s.pk: s for s in annotate_startup_matches(Startup.objects.all(), investor)}
    assert rows[startup.pk].match_thesis > 0
    assert rows[unrelated.pk].match_thesis == 0
    investor.thesis = ""
    assert scored(startup, investor).match_thesis is None
    investor.save()
    assert scored_investor(investor, startup).match_thesis is None
    investor.thesis = "Sensornetze"
    investor.save()
    assert scored_investor(investor, startup).match_thesis > 0
    investor.thesis = "Kochrezepte"
    investor.save()
    assert scored_investor(investor, startup).match_thesis == 0


def test_thesis_reads_a_description_only_where_investors_may_see_it(investor):
    investor.thesis = "Quantenkäse"
    shown = StartupFactory(
        name="Offen", pitch="Etwas anderes", description="Quantenkäse", company_visibility="investors"
    )
    hidden = StartupFactory(
        name="Verdeckt", pitch="Etwas anderes", description="Quantenkäse", company_visibility="introduction"
    )
    rows = {s.pk: s for s in annotate_startup_matches(Startup.objects.all(), investor)}
    assert rows[shown.pk].match_thesis > 0
    assert rows[hidden.pk].match_thesis == 0


def test_a_startup_without_search_vectors_gets_no_thesis_credit(startup, investor):
    Startup.objects.filter(pk=startup.pk).update(search_public=None, search_company=None)  # written around services
    assert scored(startup, investor).match_thesis == 0


def test_postgresql_connections_run_without_jit(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_topic_overlap_counts_each_startup_once_among_many(investor, topics):
    many = [StartupFactory(topics=[topics["ai"], topics["iot"]]) for _ in range(3)]
    ranked = list(annotate_startup_matches(Startup.objects.filter(pk__in=[s.pk for s in many]), investor))
    assert len(ranked) == 3
    assert {(row.match_topics_shared, row.match_topics) for row in ranked} == {(1, 0.5)}
