"""Full-text search as people type it: German and English stemming, and prefixes of words being typed.

A searchable text is stored as one `tsvector` with its words three times: German stems, English stems and the
words as written (`document`). A search (`text_query`) asks each word in any of the three forms, the last two as
prefixes, so "Grünfläche" finds "Grünflächen", "logistic" finds "Logistics", and "Lager" finds "Lagerplatz".
Words that either language ignores ("und", "the") are left out, quoted words are a phrase, a leading minus
excludes a word and "or" between two words takes either. The query is a constant of the statement (its functions
are immutable), so a GIN index on the stored vector answers it.
"""

import re

from django.contrib.postgres.search import SearchQueryField, SearchVector
from django.db.models import BooleanField, Expression, Func
from django.db.models.expressions import CombinedExpression

CONFIGS = ("german", "english", "simple")
MAX_TERMS = 12
MIN_PREFIX = 3  # shorter words must match whole: "KI" should not find "Kiel"
TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)(\w+)')


def document(*parts: tuple):
    """The stored search vector of `parts`, (field name or expression, weight) pairs, each in every configuration."""
    vector: SearchVector | CombinedExpression | None = None
    for field, weight in parts:
        for config in CONFIGS:
            part = SearchVector(field, config=config, weight=weight)
            vector = part if vector is None else vector + part
    return vector


def _word_sql(word: str) -> tuple[str, list]:
    """A word in German, English or as written (the last two as a prefix); nothing for a stop word of either."""
    quoted = f"'{word}'" + (":*" if len(word) >= MIN_PREFIX else "")
    forms = " || ".join(f"to_tsquery('{config}'::regconfig, %s)" for config in CONFIGS)
    stop = " OR ".join(f"numnode(plainto_tsquery('{config}'::regconfig, %s)) = 0" for config in CONFIGS[:2])
    return f"(CASE WHEN {stop} THEN NULL ELSE {forms} END)", [word, word, f"'{word}'", quoted, quoted]


def _phrase_sql(words: list[str]) -> tuple[str, list]:
    phrase = " ".join(words)
    forms = " || ".join(f"phraseto_tsquery('{config}'::regconfig, %s)" for config in CONFIGS)
    return f"({forms})", [phrase] * len(CONFIGS)


def _terms(text: str) -> list[tuple[str, bool, str, list]]:
    """(joiner, negated, sql, params) of each term of `text`; joiner is '&&' or '||' (after an "or")."""
    terms: list[tuple[str, bool, str, list]] = []
    joiner = "&&"
    for phrase_minus, phrase, word_minus, word in TOKEN.findall(text.replace("\x00", " ")):
        if word and word.lower() == "or" and terms:
            joiner = "||"
            continue
        words = re.findall(r"\w+", phrase) if phrase else [word] if word else []
        if not words:
            continue
        sql, params = _phrase_sql(words) if len(words) > 1 or phrase else _word_sql(words[0])
        terms.append((joiner, bool(phrase_minus or word_minus), sql, params))
        joiner = "&&"
        if len(terms) == MAX_TERMS:
            break
    return terms


class TextQuery(Expression):
    """The `tsquery` of what someone typed (see the module's docstring); NULL terms (stop words) drop out."""

    output_field = SearchQueryField()

    def __init__(self, terms):
        super().__init__()
        self.terms = terms

    def as_sql(self, compiler, connection):
        sql, params = "", []
        for joiner, negated, term_sql, term_params in self.terms:
            term_sql = f"!!{term_sql}" if negated else term_sql
            # COALESCE leaves a dropped term out: an empty tsquery is neutral in && and ||.
            sql = (
                f"COALESCE({term_sql}, ''::tsquery)"
                if not sql
                else f"({sql} {joiner} COALESCE({term_sql}, ''::tsquery))"
            )
            params.extend(term_params)
        return sql, params


def text_query(text: str) -> TextQuery | None:
    """The query of a search box's text, None when it holds no word."""
    terms = _terms(text or "")
    return TextQuery(terms) if terms else None


class Matches(Func):
    """`vector @@ query`, to filter on."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()
