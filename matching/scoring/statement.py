"""The match page in one SQL statement: the full matches, the ranking, and the thesis candidates."""

import math

from django.db.models import F, FloatField, Q, Subquery, Value
from django.db.models.functions import Coalesce

from startups.models import InvestorProfile, Startup

from .annotations import annotate_startup_matches
from .criteria import (
    CRITERIA,
    EDGE,
    NEUTRAL,
    ONE,
    VISIBLE_TO_INVESTORS,
    _startup_criteria,
    _stated,
    _uses_thesis,
    _weighted,
    investor_preferences,
    weights,
)
from .subqueries import _AmongBest, _AmongIds, _compiled, _NewestAcross

MATCH_ORDER = ("-match_score", "-published_at", "-id")  # the order of startup matches
MERGED_WALKS = 3  # the most stated stages (or hubs) walked one index range each; beyond, one walk filters


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


def startup_match_page(queryset, investor: InvestorProfile, *, bottom: int, top: int):
    """Rows [bottom:top] of the startups of `queryset` ranked for `investor`: the page of a match list, as cards
    with every `match_*` value, in one SQL statement (the search for the best matches as a subquery)."""
    rows = (
        Startup.objects.for_listing()
        .with_bookmarked(investor.pk)
        .filter(best_startup_matches(queryset, investor, upto=top))
    )
    return annotate_startup_matches(rows, investor).order_by(*MATCH_ORDER)[bottom:top]
