"""The criteria of a match: their weights and the expression that scores each (a float between 0 and 1, or NULL)."""

import re

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db.models import Case, Count, F, FloatField, Func, IntegerField, Q, Subquery, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest, Least

from startups.models import InvestorProfile, Startup, Visibility

CRITERIA = ("topics", "stage", "ticket", "hub", "thesis")
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
        total = total + part  # type: ignore[assignment]  # a sum of cases
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


def _uses_thesis(investor: InvestorProfile) -> bool:
    return bool(weights()["thesis"] and investor.thesis and _any_word_query(investor.thesis) is not None)


def _stated(expression) -> bool:
    """Whether a criterion expression of `_startup_criteria` scores anything (the investor states it)."""
    return not (isinstance(expression, Value) and expression.value is None)
