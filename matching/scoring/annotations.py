"""The `match_*` annotations of a queryset: each criterion and the score, for cards and explanations."""

from django.contrib.postgres.search import SearchVector
from django.db.models import Case, Exists, F, FloatField, IntegerField, OuterRef, Value, When

from startups.models import InvestorProfile, Startup

from .criteria import (
    CRITERIA,
    InvestorHub,
    InvestorTopic,
    StartupTopic,
    _count,
    _overlap,
    _startup_criteria,
    _thesis,
    _ticket,
    _weighted,
)


def _score(queryset):
    return queryset.annotate(match_score=_weighted({name: F(f"match_{name}") for name in CRITERIA}))


def annotate_startup_matches(queryset, investor: InvestorProfile):
    """Annotates startups with how well each fits `investor` (no query runs until the queryset is evaluated).

    Funding amounts the investor may not see count as not disclosed, so the score reveals nothing hidden.
    """
    criteria = _startup_criteria(investor)
    queryset = queryset.annotate(
        match_topics_shared=criteria.pop("topics_shared"),
        **{f"match_{name}": expression for name, expression in criteria.items()},
    )
    return queryset.annotate(match_score=_weighted({name: F(f"match_{name}") for name in CRITERIA}))


def annotate_investor_matches(queryset, startup: Startup):
    """Annotates investor profiles with how well `startup` fits each of them (one query when evaluated)."""
    startup_topics = StartupTopic.objects.filter(startup_id=startup.pk)
    shared = InvestorTopic.objects.filter(
        investorprofile_id=OuterRef("pk"), topic_id__in=startup_topics.values("topic_id")
    )
    queryset = queryset.annotate(
        match_topics_shared=_count(shared, "investorprofile_id"),
        _left=_count(startup_topics, "startup_id"),
        _right=_count(InvestorTopic.objects.filter(investorprofile_id=OuterRef("pk")), "investorprofile_id"),
        _amount=Value(startup.funding_sought, output_field=IntegerField()),
        _low=F("ticket_min"),
        _high=F("ticket_max"),
    )
    text = " ".join([startup.name, startup.pitch, startup.description])
    return _score(
        queryset.annotate(
            match_topics=_overlap(F("match_topics_shared"), F("_left"), F("_right")),
            match_stage=Case(
                When(stages=[], then=None),
                When(stages__contains=[startup.stage], then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            match_ticket=_ticket(F("_amount"), F("_low"), F("_high")),
            match_hub=Case(
                When(~Exists(InvestorHub.objects.filter(investorprofile_id=OuterRef("pk"))), then=None),
                When(
                    Exists(InvestorHub.objects.filter(investorprofile_id=OuterRef("pk"), hub_id=startup.hub_id)),  # type: ignore[misc]  # published startups have a hub
                    then=Value(1.0),
                ),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            match_thesis=Case(
                When(thesis="", then=None),
                default=_thesis(SearchVector("thesis", config="german"), text),
                output_field=FloatField(),
            ),
        )
    )
