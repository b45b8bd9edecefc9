"""Match scores computed in the database: annotation builders for startups (seen by an investor) and investors.

Each criterion is annotated as a float `match_<criterion>` between 0 and 1, or NULL when one side states
no preference or the data is not disclosed; the score `match_score` (0–100) weighs them with
`settings.MATCHING_WEIGHTS`, counting NULL as NEUTRAL. Explanations read the same annotations.
"""

import math
import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    Expression,
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
MATCH_ORDER = ("-match_score", "-published_at", "-id")  # the order of startup matches
NEUTRAL = 0.5  # what a criterion without data counts (no preference stated, amount not disclosed)
EDGE = 0.25  # partial credit for funding up to 25 % outside the ticket range
RANK_FULL = 0.1  # a full-text rank at or above this counts as full thesis similarity
MAX_WORDS = 40
VISIBLE_TO_INVESTORS = [Visibility.PUBLIC, Visibility.INVESTORS]  # funding amounts a verified investor sees
# Typed constants: a bare 1.0 is a NUMERIC literal on PostgreSQL, and NUMERIC arithmetic per row is slow.
ONE = Cast(Value(1.0), FloatField())
ZERO = Cast(Value(0.0), FloatField())

StartupTopic = Startup.topics.through
InvestorTopic = InvestorProfile.topics.through
InvestorHub = InvestorProfile.hubs.through


def weights() -> dict[str, float]:
    """The criterion weights in use."""
    return {name: float(settings.MATCHING_WEIGHTS.get(name, 0)) for name in CRITERIA}


def _count(queryset, group_by: str):
    """A correlated COUNT(*) subquery (0 when no row matches)."""
    counted = queryset.order_by().values(group_by).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


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
    query = _any_word_query(text)
    if query is None:
        return Value(None, output_field=FloatField())
    # A missing vector ranks 0 (LEAST would skip the NULL and give full credit).
    return Least(Value(1.0), Coalesce(SearchRank(vector, query), Value(0.0)) / RANK_FULL)


def _weighted(values: dict):
    """The score (0–100) of criterion values (expressions, NULL counted as NEUTRAL, a NULL thesis as 0),
    added in CRITERIA order so that every query computes the same float for the same row."""
    used = weights()
    scale = 100.0 / (sum(used.values()) or 1.0)
    score = None
    for name in CRITERIA:
        if not used[name]:
            continue
        part = Coalesce(values[name], Value(0.0 if name == "thesis" else NEUTRAL)) * Value(used[name] * scale)
        score = part if score is None else score + part
    return score if score is not None else Value(0.0)


def _score(queryset):
    return queryset.annotate(match_score=_weighted({name: F(f"match_{name}") for name in CRITERIA}))


def investor_preferences(investor: InvestorProfile) -> tuple[list[int], list[int]]:
    """The investor's topic and hub ids, from prefetched relations when the caller loaded them."""
    cache = getattr(investor, "_prefetched_objects_cache", {})
    topics = cache["topics"] if "topics" in cache else investor.topics.all()
    hubs = cache["hubs"] if "hubs" in cache else investor.hubs.all()
    return [topic.pk for topic in topics], [hub.pk for hub in hubs]


def _shared_topics(topic_ids: list[int]):
    """How many of `topic_ids` the startup has, read from its denormalised `topic_ids`."""
    if not topic_ids:
        return Value(0)
    parts = [Case(When(topic_ids__contains=[pk], then=Value(1)), default=Value(0)) for pk in sorted(topic_ids)]
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _fixed_ticket(low: int | None, high: int | None):
    """`_ticket` for a known range: 1 inside, falling linearly to 0 at 25 % outside, NULL without data (no
    amount, or one that verified investors may not see: it counts as not disclosed)."""
    if low is None and high is None:
        return Value(None, output_field=FloatField())
    amount = _float(F("funding_sought"))
    whens = [When(Q(funding_sought__isnull=True) | ~Q(funding_visibility__in=VISIBLE_TO_INVESTORS), then=None)]
    if low:
        below = (amount - Value(low * (1 - EDGE))) / Value(low * EDGE)
        whens.append(When(funding_sought__lt=low, then=Greatest(ZERO, Least(ONE, below))))
    if high is not None:
        above = (Value(high * (1 + EDGE)) - amount) / Value(high * EDGE) if high else ZERO
        whens.append(When(funding_sought__gt=high, then=Greatest(ZERO, Least(ONE, above))))
    return Case(*whens, default=ONE, output_field=FloatField())


def _startup_criteria(investor: InvestorProfile) -> dict:
    """The criterion expressions of startups seen by `investor`, in floating point throughout.

    The investor's lists are constants in the SQL and the startup's topics come from `Startup.topic_ids`, so
    scoring a row needs no subquery: the ranking pass scans one narrow index (see `rank_startup_matches`).
    """
    topic_ids, hub_ids = investor_preferences(investor)
    shared = _shared_topics(topic_ids)
    mine = Func(F("topic_ids"), function="cardinality", output_field=IntegerField())
    stages = investor.stage_list
    none = Value(None, output_field=FloatField())
    return {
        "topics_shared": shared,
        "topics": (
            Case(
                When(topic_ids__isnull=True, then=None),
                default=_float(shared) / _float(Least(mine, Value(len(topic_ids)))),
                output_field=FloatField(),
            )
            if topic_ids
            else none
        ),
        "stage": (Case(When(stage__in=stages, then=ONE), default=ZERO, output_field=FloatField()) if stages else none),
        "ticket": _fixed_ticket(investor.ticket_min, investor.ticket_max),
        "hub": (Case(When(hub_id__in=hub_ids, then=ONE), default=ZERO, output_field=FloatField()) if hub_ids else none),
        "thesis": _thesis(_vector_seen_by_verified_investors(), investor.thesis),
    }


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


class _CompiledSubquery(Expression):
    """A subquery compiled once, when the match statement is built (see `_compiled`)."""

    def __init__(self, sql: str, params: tuple):
        super().__init__()
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection, **extra_context):
        return self.sql, self.params


def _compiled(queryset):
    """`queryset` as a subquery compiled to SQL right away. Nested subqueries of the match statement refer to no
    outer row, and a `Subquery` would be resolved again, expression by expression, at every level that nests
    it (most of the time a match page took in Python, with a thesis three times its SQL)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # e.g. from `Startup.objects.none()`: the same columns, and no row
        columns = queryset.query.values_select or ("pk",)
        sql, params = queryset.model.objects.filter(pk__isnull=True).values(*columns).query.sql_with_params()
    return _CompiledSubquery(f"({sql})", tuple(params))


class _AmongBest(Func):
    """The row is among the ids of `when_full` (default: the full matches themselves) when `upto` rows meet every
    criterion in full (`full`: those rows, newest first), else among the ids of `otherwise`. The full matches
    are looked up once (a materialised CTE); PostgreSQL runs only the alternative whose one-time test on their
    count holds, and does not even start the other (each sits behind an `OFFSET 0` fence, so that the test
    stays above it rather than inside a parallel scan, whose parameters are computed before it starts)."""

    output_field = BooleanField()

    def __init__(self, full, otherwise, *, upto: int, when_full=None):
        alternatives = [otherwise] if when_full is None else [otherwise, when_full]
        super().__init__(F("pk"), full, *(_compiled(queryset) for queryset in alternatives))
        self.upto = upto

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        full, full_params = compiler.compile(self.source_expressions[1])
        params = [*params, *full_params]
        count = "(SELECT COUNT(*) FROM full_matches)"

        def alternative(expression, test):
            sql, sql_params = compiler.compile(expression)
            params.extend([*sql_params, self.upto])
            return f"SELECT * FROM (SELECT * FROM {sql} alternative OFFSET 0) fenced WHERE {count} {test} %s"  # noqa: S608

        if len(self.source_expressions) > 3:
            first = alternative(self.source_expressions[3], ">=")
        else:
            first = "SELECT * FROM full_matches"
        otherwise = alternative(self.source_expressions[2], "<")
        # Only compiled SQL of our own querysets goes into the text; every value is a parameter.
        ids = f"WITH full_matches AS MATERIALIZED {full} {first} UNION ALL {otherwise}"
        # The few ids become index probes; an `IN (subquery)` is planned as a join that reads the whole table,
        # since the planner cannot know how few they are.
        return f"({column} = ANY(ARRAY({ids})))", tuple(params)


class _AmongIds(Func):
    """The row is among the ids `queryset` selects (a few): PostgreSQL looks them up as index probes, where an
    `IN (subquery)` would be planned as a join that reads the whole table (the planner cannot know how few)."""

    output_field = BooleanField()

    def __init__(self, queryset):
        super().__init__(F("pk"), _compiled(queryset))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        ids, id_params = compiler.compile(self.source_expressions[1])
        return f"({column} = ANY(ARRAY{ids}))", (*params, *id_params)


def _meets_all_criteria(investor: InvestorProfile, *, besides: str = "") -> Q:
    """Every criterion `investor` states is met in full (counts 1), as `_startup_criteria` scores them. Such rows
    all get the highest score the investor can give, whatever the other rows score: among them the newest come
    first (`MATCH_ORDER`). Plain column tests where they exist: cheaper per row than the scores, and the
    planner estimates them (the topics test reads the alias `_met_topics`). `besides` ("stage" or "hub_id")
    leaves that test to the caller."""
    used = weights()
    topic_ids, hub_ids = investor_preferences(investor)
    low, high = investor.ticket_min, investor.ticket_max
    met = Q()
    if used["stage"] and investor.stage_list and besides != "stage":
        met &= Q(stage__in=investor.stage_list)
    if used["hub"] and hub_ids and besides != "hub_id":
        met &= Q(hub_id__in=hub_ids)
    if used["ticket"] and (low is not None or high is not None):
        met &= Q(funding_visibility__in=VISIBLE_TO_INVESTORS, funding_sought__isnull=False)
        if low:
            met &= Q(funding_sought__gte=low)
        if high is not None:
            met &= Q(funding_sought__lte=high)
    if used["topics"] and topic_ids:
        met &= Q(_met_topics__gte=1.0)
    return met


def _uses_thesis(investor: InvestorProfile) -> bool:
    return bool(weights()["thesis"] and investor.thesis and _any_word_query(investor.thesis) is not None)


def _stated(expression) -> bool:
    """Whether a criterion expression of `_startup_criteria` scores anything (the investor states it)."""
    return not (isinstance(expression, Value) and expression.value is None)


class _NewestAcross(Func):
    """The pks of the `upto` newest rows of several querysets (each selecting pk and published_at, newest first,
    sliced to `upto`), newest first. PostgreSQL merges the branches' index walks (a Merge Append) and stops
    every walk as soon as `upto` rows are found."""

    def __init__(self, *branches, upto: int):
        super().__init__(*(_compiled(branch) for branch in branches))
        self.upto = upto

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = [], []
        for branch in self.source_expressions:
            sql, branch_params = compiler.compile(branch)
            parts.append(sql)
            params.extend(branch_params)
        union = " UNION ALL ".join(parts)
        # Only compiled SQL of our own querysets goes into the text; every value is a parameter.
        sql = f"SELECT merged.id FROM ({union}) merged (id, published_at)"  # noqa: S608
        return f"({sql} ORDER BY merged.published_at DESC, merged.id DESC LIMIT %s)", (*params, self.upto)


MERGED_WALKS = 3  # the most stated stages (or hubs) walked one index range each; beyond, one walk filters


def _full_matches(queryset, investor: InvestorProfile, criteria: dict, *, upto: int):
    """The pks of the `upto` newest rows of `queryset` meeting every stated criterion in full, newest first.

    When the investor states a few weighted stages (or else a few weighted hubs), each is walked
    newest first in its own range of the index `startup_pub_stage` (`startup_pub_hub`) and the walks are
    merged: rows of other stages are never read. Otherwise one walk of `startup_pub_match` tests every row.
    """
    newest = ("-published_at", "-id")
    used = weights()
    _, hub_ids = investor_preferences(investor)
    stages = investor.stage_list if used["stage"] else []
    hubs = hub_ids if used["hub"] else []
    split = ("stage", stages) if stages else ("hub_id", hubs)
    met = queryset.alias(_met_topics=criteria["topics"])
    if not 1 < len(split[1]) <= MERGED_WALKS:
        return _compiled(met.filter(_meets_all_criteria(investor)).order_by(*newest).values("pk")[:upto])
    rest = met.filter(_meets_all_criteria(investor, besides=split[0]))
    branches = [
        rest.filter(**{split[0]: value}).order_by(*newest).values("pk", "published_at")[:upto] for value in split[1]
    ]
    return _NewestAcross(*branches, upto=upto)


def _within_margin_of_best(investor: InvestorProfile, criteria: dict, margin: float) -> Q:
    """Plain column tests that every row scoring at least (the best possible score − `margin`) passes, so that
    most rows are spared the score. Each stated criterion can fall short of 1 by at most `margin` ÷ its weight
    (every other one at most 1), so it must reach 1 − `margin` ÷ its weight: a stated stage or hub that weighs
    more than `margin` must be met; a topic list must share a topic (and may be missing only when NEUTRAL is
    enough); an amount must lie inside the range widened by what its partial credit allows (1 € slack for
    floating point; a missing or hidden amount counts NEUTRAL)."""
    used = weights()
    scale = 100.0 / (sum(used.values()) or 1.0)
    topic_ids, hub_ids = investor_preferences(investor)
    least = {name: 1 - margin / (used[name] * scale) if used[name] else 0.0 for name in CRITERIA}
    needed = Q()
    if _stated(criteria["stage"]) and least["stage"] > 0:
        needed &= Q(stage__in=investor.stage_list)
    if _stated(criteria["hub"]) and least["hub"] > 0:
        needed &= Q(hub_id__in=hub_ids)
    if _stated(criteria["topics"]) and least["topics"] > 0:
        shares = Q(topic_ids__overlap=topic_ids)
        needed &= shares | Q(topic_ids__isnull=True) if least["topics"] <= NEUTRAL else shares
    low, high = investor.ticket_min, investor.ticket_max
    if _stated(criteria["ticket"]) and least["ticket"] > 0:
        widen = EDGE * (1 - least["ticket"])
        inside = Q(funding_sought__isnull=False, funding_visibility__in=VISIBLE_TO_INVESTORS)
        if low:
            inside &= Q(funding_sought__gte=math.floor(low * (1 - widen)) - 1)
        if high is not None:
            inside &= Q(funding_sought__lte=math.ceil(high * (1 + widen)) + 1)
        undisclosed = Q(funding_sought__isnull=True) | ~Q(funding_visibility__in=VISIBLE_TO_INVESTORS)
        needed &= inside | undisclosed if least["ticket"] <= NEUTRAL else inside
    return needed


def _thesis_candidates(queryset, investor: InvestorProfile, criteria: dict, *, upto: int):
    """A condition on startups that holds for every row of `queryset` that can reach the top `upto` for an
    investor with a thesis. Without the thesis rank a row scores at most the thesis weight less, so a row whose
    score without thesis is below (the `upto`-th best such score − the thesis weight) cannot make it. That
    `upto`-th best score is the best possible one when `upto` rows meet every stated criterion in full (found
    by a short index walk); only otherwise is it ranked for. `criteria` has no thesis (it counts 0)."""
    used = weights()
    scale = 100.0 / (sum(used.values()) or 1.0)
    margin = used["thesis"] * scale + 1e-6  # the thesis weight, as _weighted computes it
    best_possible = _weighted({name: ONE if _stated(value) else value for name, value in criteria.items()})
    scored = queryset.alias(_base=_weighted(criteria)).order_by()
    ranked_best = scored.annotate(_best=F("_base")).order_by("-_best").values("_best")[upto - 1 : upto]
    certain = scored.filter(
        _within_margin_of_best(investor, criteria, margin), _base__gte=best_possible - Value(margin)
    ).values("pk")
    fallback = scored.filter(_base__gte=Coalesce(Subquery(ranked_best), Value(-1.0)) - Value(margin)).values("pk")
    # The candidates come from the narrow index; only they are read from the table for their vectors.
    return _AmongBest(_full_matches(queryset, investor, criteria, upto=upto), fallback, upto=upto, when_full=certain)


def rank_startup_matches(queryset, investor: InvestorProfile, *, upto: int):
    """The ids of `queryset` ranked for `investor`, best first, for slicing rows [..upto] (one SQL statement).

    Only the score is computed here, from the narrow index `startup_pub_match`. With a thesis, the costly
    thesis rank is computed only for the rows that can still reach the top `upto` (`_thesis_candidates`). The
    order is exactly the order of `match_score`.
    """
    criteria = _startup_criteria(investor)
    criteria.pop("topics_shared")
    if not _uses_thesis(investor):
        ranked = queryset.alias(_rank=_weighted(criteria))
    else:
        thesis = criteria.pop("thesis")
        criteria["thesis"] = Value(None, output_field=FloatField())  # counts 0: the score without thesis
        used = weights()
        reach = used["thesis"] * (100.0 / (sum(used.values()) or 1.0))
        ranked = Startup.objects.filter(_thesis_candidates(queryset, investor, criteria, upto=upto)).alias(
            _rank=_weighted(criteria) + Coalesce(thesis, Value(0.0)) * Value(reach)
        )
    return ranked.order_by("-_rank", "-published_at", "-id").values("pk")


def best_startup_matches(queryset, investor: InvestorProfile, *, upto: int):
    """A condition on startups that holds for the `upto` best matches of `queryset` for `investor` and for a
    few others: `startup_match_page` orders and slices what it selects.

    Without a thesis the best score is known before any row is read: every stated criterion met in full. The
    newest `upto` such rows are found by walking the index `startup_pub_match` newest first, which stops as
    soon as they are found, like the plain listing; only when there are fewer does the full ranking run (at
    most 2 × `upto` rows hold). With a thesis, rows of the best score still differ by thesis: the rows that can
    still reach the top `upto` (`_thesis_candidates`) are ranked by id and score alone, and the condition holds
    for exactly the best `upto` of them.
    """
    criteria = _startup_criteria(investor)
    criteria.pop("topics_shared")
    if _uses_thesis(investor):
        # The candidates are ranked by ids alone, so that only the best `upto` are read in full.
        return _AmongIds(rank_startup_matches(queryset, investor, upto=upto)[:upto])
    full = _full_matches(queryset, investor, criteria, upto=upto)
    ranked = rank_startup_matches(queryset, investor, upto=upto)[:upto]
    return _AmongBest(full, ranked, upto=upto)


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


def startup_match_page(queryset, investor: InvestorProfile, *, bottom: int, top: int):
    """Rows [bottom:top] of the startups of `queryset` ranked for `investor`: the page of a match list, as cards
    with every `match_*` value, in one SQL statement (the search for the best matches as a subquery)."""
    rows = (
        Startup.objects.for_listing()
        .with_bookmarked(investor.pk)
        .filter(best_startup_matches(queryset, investor, upto=top))
    )
    return annotate_startup_matches(rows, investor).order_by(*MATCH_ORDER)[bottom:top]
