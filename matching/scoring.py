"""Match scores computed in the database: annotation builders for startups (seen by an investor) and investors.

Each criterion is annotated as a float `match_<criterion>` between 0 and 1, or NULL when one side states
no preference or the data is not disclosed; the score `match_score` (0–100) weighs them with
`settings.MATCHING_WEIGHTS`, counting NULL as NEUTRAL. Explanations read the same annotations.
"""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest, Least

from startups.models import InvestorProfile, Startup, Visibility

CRITERIA = ("topics", "stage", "ticket", "hub", "thesis")
NEUTRAL = 0.5  # what a criterion without data counts (no preference stated, amount not disclosed)
EDGE = 0.25  # partial credit for funding up to 25 % outside the ticket range
RANK_FULL = 0.1  # a full-text rank at or above this counts as full thesis similarity
MAX_WORDS = 40

StartupTopic = Startup.topics.through
InvestorTopic = InvestorProfile.topics.through
InvestorHub = InvestorProfile.hubs.through


def weights() -> dict[str, float]:
    """The criterion weights in use; thesis similarity only counts where PostgreSQL full-text gives it."""
    configured = {name: float(settings.MATCHING_WEIGHTS.get(name, 0)) for name in CRITERIA}
    if not has_fulltext():
        configured["thesis"] = 0.0
    return configured


def has_fulltext() -> bool:
    return connection.vendor == "postgresql"


def _count(queryset, group_by: str):
    """A correlated COUNT(*) subquery (0 when no row matches)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _topic_overlap(own_topics, investor_topics, investor_pk: int):
    """Shared topics divided by the smaller topic list, as one correlated subquery (no row, so NULL, when
    the startup has no topics; NULL when the investor has none)."""
    theirs = _count(InvestorTopic.objects.filter(investorprofile_id=investor_pk), "investorprofile_id")
    counted = (
        own_topics.order_by()
        .values("startup_id")
        .annotate(_mine=Count("*"), _shared=Count("topic_id", filter=Q(topic_id__in=investor_topics)), _theirs=theirs)
    )
    return counted.annotate(
        overlap=Case(
            When(
                Q(_mine__gt=0) & Q(_theirs__gt=0), then=_float(F("_shared")) / _float(Least(F("_mine"), F("_theirs")))
            ),
            default=None,
            output_field=FloatField(),
        )
    ).values("overlap")


def _float(expression):
    return Cast(expression, FloatField())


def _overlap(shared, left, right):
    """Shared topics divided by the smaller topic list; NULL when a side has no topics."""
    return Case(
        When(Q(_left__gt=0) & Q(_right__gt=0), then=_float(F("match_topics_shared")) / _float(Least(left, right))),
        default=None,
        output_field=FloatField(),
    )


def _ticket(amount, low, high):
    """1 inside [low, high], falling linearly to 0 at 25 % outside, NULL without data."""
    amount, low, high = _float(amount), _float(low), _float(high)
    below = (amount - low * (1 - EDGE)) / (low * EDGE)
    above = (high * (1 + EDGE) - amount) / (high * EDGE)
    return Case(
        When(Q(_amount__isnull=True) | (Q(_low__isnull=True) & Q(_high__isnull=True)), then=None),
        When(Q(_low__isnull=False, _amount__lt=F("_low")), then=Greatest(Value(0.0), Least(Value(1.0), below))),
        When(Q(_high__isnull=False, _amount__gt=F("_high")), then=Greatest(Value(0.0), Least(Value(1.0), above))),
        default=Value(1.0),
        output_field=FloatField(),
    )


def _words(text: str) -> list[str]:
    """The first MAX_WORDS distinct words (3+ letters, not numbers), in linear time however long the text."""
    seen: dict[str, None] = {}
    for match in re.finditer(r"\w{3,}", text.lower()):
        word = match.group()
        if not word.isdigit():
            seen.setdefault(word)
            if len(seen) == MAX_WORDS:
                break
    return list(seen)


def _any_word_query(text: str) -> SearchQuery | None:
    """A German full-text query matching any word of `text` (None when it has no words)."""
    words = _words(text)
    if not words:
        return None
    return SearchQuery(" or ".join(words), config="german", search_type="websearch")


def _vector_seen_by_verified_investors():
    """The startup's search vector as a verified investor may see it: the description counts only
    where its company group is shown to investors, so the score reveals nothing hidden."""
    both = Func(
        F("search_public"),
        F("search_company"),
        template="(%(expressions)s)",
        arg_joiner=" || ",
        output_field=SearchVectorField(),
    )
    return Case(
        When(company_visibility__in=[Visibility.PUBLIC, Visibility.INVESTORS], then=both),
        default=F("search_public"),
        output_field=SearchVectorField(),
    )


def _thesis(vector, text: str):
    query = _any_word_query(text) if has_fulltext() else None
    if query is None:
        return Value(None, output_field=FloatField())
    return Least(Value(1.0), SearchRank(vector, query) / RANK_FULL)


def _score(queryset):
    used = weights()
    total = sum(used.values()) or 1.0
    parts = [
        Coalesce(F(f"match_{name}"), Value(0.0 if name == "thesis" else NEUTRAL)) * Value(weight)
        for name, weight in used.items()
        if weight
    ]
    score = parts[0]
    for part in parts[1:]:
        score = score + part
    return queryset.annotate(match_score=Value(100.0 / total) * score)


def annotate_startup_matches(queryset, investor: InvestorProfile):
    """Annotates startups with how well each fits `investor` (no query runs until the queryset is evaluated).

    Funding amounts the investor may not see count as not disclosed, so the score reveals nothing hidden.
    """
    # The investor's own lists are uncorrelated subqueries, run once per query. The topic overlap is ONE
    # correlated subquery per startup (both counts aggregated inside it, over the through table's index):
    # Django inlines annotations where the score refers to them, and a Count over a join would make
    # PostgreSQL group every published row with all its columns (a sort spilling to disk at 100,000 rows).
    investor_topics = InvestorTopic.objects.filter(investorprofile_id=investor.pk).values("topic_id")
    investor_hubs = InvestorHub.objects.filter(investorprofile_id=investor.pk).values("hub_id")
    stages = investor.stage_list
    visible_amount = Case(
        When(funding_visibility__in=[Visibility.PUBLIC, Visibility.INVESTORS], then=F("funding_sought")),
        default=None,
    )
    own_topics = StartupTopic.objects.filter(startup_id=OuterRef("pk"))
    queryset = queryset.annotate(
        match_topics_shared=_count(own_topics.filter(topic_id__in=investor_topics), "startup_id"),
        match_topics=Subquery(_topic_overlap(own_topics, investor_topics, investor.pk), output_field=FloatField()),
        _amount=visible_amount,
        _low=Value(investor.ticket_min, output_field=IntegerField()),
        _high=Value(investor.ticket_max, output_field=IntegerField()),
    )
    return _score(
        queryset.annotate(
            match_stage=(
                Case(When(stage__in=stages, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
                if stages
                else Value(None, output_field=FloatField())
            ),
            match_ticket=_ticket(F("_amount"), F("_low"), F("_high")),
            match_hub=Case(
                When(~Exists(investor_hubs), then=None),
                When(hub_id__in=investor_hubs, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            match_thesis=_thesis(_vector_seen_by_verified_investors(), investor.thesis),
        )
    )


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
                When(stages="", then=None),
                When(stages__contains=f",{startup.stage},", then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            ),
            match_ticket=_ticket(F("_amount"), F("_low"), F("_high")),
            match_hub=Case(
                When(~Exists(InvestorHub.objects.filter(investorprofile_id=OuterRef("pk"))), then=None),
                When(
                    Exists(InvestorHub.objects.filter(investorprofile_id=OuterRef("pk"), hub_id=startup.hub_id)),
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
