"""Claim suggestions: candidate statements, dates and figures found in a source's text.

Rule-based and fast (plain regular expressions, no model): every suggestion carries exact
character offsets into the text it was given, a proposed claim text, a typed value and a
confidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from factdb.services.review.values import decimal_text, format_date
from factdb.services.suggest.dates import find_dates
from factdb.services.suggest.figures import find_figures
from factdb.services.suggest.statements import find_statements, read_entities
from factdb.services.suggest.text import sentence_at, sentences

__all__ = ["Suggestion", "suggest"]

# No claim lies inside a run of 80 characters without a space (a URL, a hash, junk), and such
# runs make the finders' patterns backtrack over the whole run at every position.
_LONG_TOKEN = re.compile(r"\S{80,}")


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "date" | "figure" | "statement"
    start: int
    end: int
    exact: str
    text: str
    value: dict
    confidence: float
    organization: str | None = None
    speaker: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.start}:{self.end}"

    def to_dict(self) -> dict:
        return {**asdict(self), "key": self.key}


def _sentence_text(text: str, all_sentences, offset: int) -> str:
    found = sentence_at(all_sentences, offset)
    return " ".join(text[found.start : found.end].split()) if found else ""


def suggest(
    text: str,
    published: date | None = None,
    organizations: Iterable[tuple[str, Sequence[str]]] = (),
) -> list[Suggestion]:
    """Candidate claims in ``text``, sorted by (start, end, kind).

    Rules: text[start:end] == exact for every suggestion; relative dates are resolved against
    ``published`` and reported unresolved without it; years and dates are never figures;
    organizations from the database (with aliases) are matched before names found in the text.
    """
    original = text
    # Blank out long tokens: offsets stay the same; excerpts are cut from the original.
    text = _LONG_TOKEN.sub(lambda m: " " * len(m.group()), text)
    all_sentences = sentences(text)
    results: list[Suggestion] = []
    dates = find_dates(text, published, lambda offset: sentence_at(all_sentences, offset))
    for d in dates:
        value = {
            "date": d.value.isoformat() if d.value else None,
            "precision": d.precision,
            "end": d.end_value.isoformat() if d.end_value else None,
            "phrase": original[d.start : d.end],
            "resolved": d.resolved,
        }
        confidence = 0.9 if not d.relative else 0.7 if d.resolved else 0.4
        results.append(
            Suggestion(
                "date",
                d.start,
                d.end,
                original[d.start : d.end],
                _sentence_text(original, all_sentences, d.start),
                value,
                confidence,
            )
        )
    for f in find_figures(text, [(d.start, d.end) for d in dates]):
        value = {
            "amount": decimal_text(f.amount),
            "unit": f.unit,
            "lower": decimal_text(f.lower),
            "upper": decimal_text(f.upper),
            "approximate": f.approximate,
        }
        results.append(
            Suggestion(
                "figure",
                f.start,
                f.end,
                original[f.start : f.end],
                _sentence_text(original, all_sentences, f.start),
                value,
                0.8,
            )
        )
    entities = read_entities(text, [(n, list(a)) for n, a in organizations])
    for s in find_statements(text, all_sentences, entities):
        said_on = _said_on(dates, s.start, s.end)
        value = {"speaker": s.speaker, "said_on": said_on, "organization": s.organization}
        results.append(
            Suggestion(
                "statement",
                s.start,
                s.end,
                original[s.start : s.end],
                " ".join(original[s.start : s.end].split()),
                value,
                s.confidence,
                s.organization,
                s.speaker,
            )
        )
    results.sort(key=lambda s: (s.start, s.end, s.kind))
    return results


def _said_on(dates, start: int, end: int) -> str | None:
    """A day-precision date inside the statement's sentence is taken as when it was said."""
    for d in dates:
        if start <= d.start < end and d.precision == "day" and d.value and d.end_value is None:
            return d.value.isoformat()
    return None


def describe(s: Suggestion) -> str:
    """One line about a suggestion's value, for people."""
    if s.kind == "date":
        return (
            format_date(date.fromisoformat(s.value["date"]), s.value["precision"])
            if s.value["date"]
            else "unresolved"
        )
    if s.kind == "figure":
        return f"{'approx. ' if s.value['approximate'] else ''}{s.value['amount']} {s.value['unit'] or ''}".strip()
    return ", ".join(x for x in (s.speaker, s.organization) if x)
