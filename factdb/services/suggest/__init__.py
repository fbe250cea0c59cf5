"""Claim suggestions: candidate statements, dates and figures found in a source's text.

Rule-based and fast (plain regular expressions, no model): every suggestion carries exact
character offsets into the text it was given, a proposed claim text, a typed value and a
confidence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date

from factdb.services.review.formats import decimal_text, format_date
from factdb.services.suggest.dates import find_dates
from factdb.services.suggest.figures import find_figures
from factdb.services.suggest.statements import find_statements, read_entities
from factdb.services.suggest.text import sentence_at, sentences
from factdb.services.suggest.typography import fold_lines

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


def suggest(
    text: str,
    published: date | None = None,
    organizations: Iterable[tuple[str, Sequence[str]]] = (),
) -> list[Suggestion]:
    """Candidate claims in ``text``, sorted by (start, end, kind).

    Rules: text[start:end] == exact for every suggestion (offsets in code points of ``text``);
    the finders read the text folded (no-break and narrow spaces, typographic quotes and
    dashes, invisible characters) and every span is mapped back; relative dates are resolved
    against ``published`` and reported unresolved without it; years and dates are never
    figures; organizations from the database (with aliases) are matched before names found in
    the text. Time is linear in the text.
    """
    folded = fold_lines(text)
    # Blank out long tokens: no claim lies inside one, and they make patterns backtrack.
    work = _LONG_TOKEN.sub(lambda m: " " * len(m.group()), folded.text)
    all_sentences = sentences(work)
    place = _Placer(text, work, folded, all_sentences)
    dates = find_dates(work, published, lambda offset: sentence_at(all_sentences, offset))
    results = [place.date(d) for d in dates]
    for f in find_figures(work, [(d.start, d.end) for d in dates]):
        results.append(place.figure(f))
    entities = read_entities(work, [(n, list(a)) for n, a in organizations])
    date_starts = [d.start for d in dates]
    for s in find_statements(work, all_sentences, entities):
        results.append(place.statement(s, _said_on(dates, date_starts, s.start, s.end)))
    results.sort(key=lambda s: (s.start, s.end, s.kind))
    return results


class _Placer:
    """Turns a finder's mention in the folded text into a suggestion at the source's offsets."""

    def __init__(self, original: str, work: str, folded, all_sentences) -> None:
        self.original, self.work, self.folded = original, work, folded
        self.all_sentences = all_sentences

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        start, end = self.folded.to_original(start, end)
        return start, end, self.original[start:end]

    def context(self, offset: int) -> str:
        found = sentence_at(self.all_sentences, offset)
        return " ".join(self.work[found.start : found.end].split()) if found else ""

    def date(self, d) -> Suggestion:
        start, end, exact = self.span(d.start, d.end)
        value = {
            "date": d.value.isoformat() if d.value else None,
            "precision": d.precision,
            "end": d.end_value.isoformat() if d.end_value else None,
            "phrase": exact,
            "resolved": d.resolved,
        }
        confidence = 0.9 if not d.relative else 0.7 if d.resolved else 0.4
        return Suggestion("date", start, end, exact, self.context(d.start), value, confidence)

    def figure(self, f) -> Suggestion:
        start, end, exact = self.span(f.start, f.end)
        value = {
            "amount": decimal_text(f.amount),
            "unit": f.unit,
            "lower": decimal_text(f.lower),
            "upper": decimal_text(f.upper),
            "approximate": f.approximate,
        }
        return Suggestion("figure", start, end, exact, self.context(f.start), value, 0.8)

    def statement(self, s, said_on: str | None) -> Suggestion:
        start, end, exact = self.span(s.start, s.end)
        value = {"speaker": s.speaker, "said_on": said_on, "organization": s.organization}
        return Suggestion(
            "statement",
            start,
            end,
            exact,
            " ".join(exact.split()),
            value,
            s.confidence,
            s.organization,
            s.speaker,
        )


def _said_on(dates, starts: list[int], start: int, end: int) -> str | None:
    """A day-precision date inside the statement's sentence is taken as when it was said."""
    for d in dates[bisect_left(starts, start) : bisect_left(starts, end)]:
        if d.precision == "day" and d.value and d.end_value is None:
            return d.value.isoformat()
    return None


def describe(s: Suggestion) -> str:
    """A suggestion's resolved value for people: "18 November 2025", "the 2020s",
    "4,200,000,000 USD", "10–20 %", "at most 6 %", "Jane Roe (NASA)".

    Amounts are shown in full with thousands grouped, so a reader sees what "$4.2 billion"
    will be stored as; a range shows both bounds.
    """
    if s.kind == "date":
        if not s.value["date"]:
            return "unresolved"
        shown = format_date(date.fromisoformat(s.value["date"]), s.value["precision"])
        if s.value.get("end"):
            shown += f" – {format_date(date.fromisoformat(s.value['end']), s.value['precision'])}"
        return shown
    if s.kind == "figure":
        return _describe_figure(s.value)
    if s.speaker and s.organization:
        return f"{s.speaker} ({s.organization})"
    return s.speaker or s.organization or ""


def _grouped(number: str) -> str:
    whole, _, fraction = number.lstrip("-").partition(".")
    sign = "-" if number.startswith("-") else ""
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


def _describe_figure(value: dict) -> str:
    unit = f" {value['unit']}" if value.get("unit") else ""
    lower, upper = value.get("lower"), value.get("upper")
    if lower and upper:
        shown = f"{_grouped(lower)}–{_grouped(upper)}{unit}"
    elif lower:
        shown = f"at least {_grouped(lower)}{unit}"
    elif upper:
        shown = f"at most {_grouped(upper)}{unit}"
    else:
        shown = f"{_grouped(value['amount'])}{unit}"
    return f"about {shown}" if value.get("approximate") else shown
