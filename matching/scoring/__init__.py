"""Match scores computed in the database: annotation builders for startups (seen by an investor) and investors.

Each criterion is annotated as a float `match_<criterion>` between 0 and 1, or NULL when one side states
no preference or the data is not disclosed; the score `match_score` (0–100) weighs them with
`settings.MATCHING_WEIGHTS`, counting NULL as NEUTRAL. Explanations (`matching.explain`) read the same annotations.

`criteria` scores each criterion, `annotations` annotates querysets with them, `statement` finds a match page in
one SQL statement, built from the compiled subqueries of `subqueries`.
"""

from .annotations import annotate_investor_matches, annotate_startup_matches
from .criteria import (
    CRITERIA,
    MAX_WORDS,
    NEUTRAL,
    _startup_criteria,
    _stated,
    _words,
    investor_preferences,
    weights,
)
from .statement import (
    MATCH_ORDER,
    _within_margin_of_best,
    best_startup_matches,
    rank_startup_matches,
    startup_match_page,
)

__all__ = [
    "CRITERIA",
    "MATCH_ORDER",
    "MAX_WORDS",
    "NEUTRAL",
    "_startup_criteria",
    "_stated",
    "_within_margin_of_best",
    "_words",
    "annotate_investor_matches",
    "annotate_startup_matches",
    "best_startup_matches",
    "investor_preferences",
    "rank_startup_matches",
    "startup_match_page",
    "weights",
]
