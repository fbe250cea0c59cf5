"""The reader's list of suggestions to work through: what each proposes, where it stands in
the text, and what was dismissed (so a dismissal can be undone).

One read serves the page: suggestions grouped by kind, each group in text order, each with
its resolved value and a few words of context so identical fragments are told apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from factdb.models import SuggestionDismissal, User
from factdb.services.errors import SuggestionsPendingError
from factdb.services.sources.documents import get_source
from factdb.services.suggest import Suggestion, describe
from factdb.services.suggest.store import KINDS, found_suggestions, source_suggestions

CONTEXT_WORDS = 6
CONTEXT_CHARS = 60  # at most this many characters of context on each side
PER_KIND = 200  # a group lists at most this many; the rest follow as these are handled


@dataclass(frozen=True)
class ReaderSuggestion:
    """One suggestion as the reader lists it; offsets in code points of the source text."""

    key: str
    kind: str
    start: int
    end: int
    exact: str
    resolved: str | None  # "18 November 2025", "4,200,000,000 USD"; None when not known
    before: str  # context before ``exact``, ending with the separator that precedes it
    after: str  # context after ``exact``, starting with the separator that follows it
    confidence: float | None = None
    occurrence: int = 1  # this is the n-th of ``occurrences`` alike fragments of its kind
    occurrences: int = 1
    dismissed_by: str | None = None
    dismissed_at: datetime | None = None


@dataclass(frozen=True)
class SuggestionGroup:
    kind: str
    items: list[ReaderSuggestion]  # in text order, at most PER_KIND
    total: int


@dataclass(frozen=True)
class SuggestionWorklist:
    proposed: list[SuggestionGroup]
    dismissed: list[SuggestionGroup]
    pending: SuggestionsPendingError | None = None

    @property
    def dismissed_total(self) -> int:
        return sum(group.total for group in self.dismissed)


def context_around(text: str, start: int, end: int) -> tuple[str, str]:
    """A few words either side of ``text[start:end]`` ("…the board met ", " to decide…").

    Whitespace is collapsed to single spaces; a word cut by the window is left out, and an
    ellipsis marks text that goes on. Offsets and limits count code points.
    """
    window_start, window_end = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before_words = text[window_start:start].split()
    if window_start > 0 and before_words and not text[window_start - 1].isspace():
        before_words = before_words[1:]
    after_words = text[end:window_end].split()
    if window_end < len(text) and after_words and not text[window_end].isspace():
        after_words = after_words[:-1]
    before = " ".join(before_words[-CONTEXT_WORDS:])
    if before and text[start - 1].isspace():
        before += " "
    if before and (window_start > 0 or len(before_words) > CONTEXT_WORDS):
        before = "…" + before
    after = " ".join(after_words[:CONTEXT_WORDS])
    if after and text[end].isspace():
        after = " " + after
    if after and (window_end < len(text) or len(after_words) > CONTEXT_WORDS):
        after += "…"
    return before, after


def shown_value(found: Suggestion) -> str:
    """The resolved value as the reader shows it: a day also names its weekday, so a
    relative date ("on Tuesday") can be checked at a glance."""
    shown = describe(found)
    value = found.value
    one_day = value.get("precision") == "day" and value.get("date") and not value.get("end")
    if found.kind == "date" and one_day:
        shown = f"{date.fromisoformat(value['date']):%a} {shown}"
    return shown


def source_worklist(
    session: Session, source_id: int, requested_by: User | None = None
) -> SuggestionWorklist:
    """The suggestions the reader proposes for a source and those dismissed, by kind.

    Rules: proposed are those no claim covers yet and nobody dismissed; each group is in text
    order and lists at most PER_KIND (with its total); a long source's suggestions may still
    be computing (``pending``), and its dismissed list is shown all the same. Raises
    NotFoundError.
    """
    source = get_source(session, source_id)
    try:
        items = source_suggestions(
            session, source.id, include_covered=False, requested_by=requested_by
        )
        found = {s.key: s for s in found_suggestions(session, source, requested_by)}
        pending = None
    except SuggestionsPendingError as error:
        items, found, pending = [], {}, error
    proposed = _grouped(
        [item.suggestion for item in items],
        lambda suggestion: _reader_item(source.text, suggestion),
    )
    dismissed = _grouped(
        _dismissals(session, source.id, source.text),
        lambda item: _dismissed_item(source.text, item, found.get(item.key)),
    )
    return SuggestionWorklist(proposed, dismissed, pending)


def _reader_item(text: str, found: Suggestion) -> ReaderSuggestion:
    before, after = context_around(text, found.start, found.end)
    return ReaderSuggestion(
        found.key,
        found.kind,
        found.start,
        found.end,
        found.exact,
        shown_value(found),
        before,
        after,
        found.confidence,
    )


@dataclass(frozen=True)
class _Dismissal:
    key: str
    kind: str
    start: int
    end: int
    exact: str
    dismissed_by: str
    dismissed_at: datetime


def _dismissals(session: Session, source_id: int, text: str) -> list[_Dismissal]:
    rows = session.exec(
        select(SuggestionDismissal.key, SuggestionDismissal.created_at, User.display_name)
        .join(User, User.id == SuggestionDismissal.dismissed_by_id)
        .where(SuggestionDismissal.source_id == source_id)
    ).all()
    results = []
    for key, created_at, name in rows:
        span = _span_of(key, len(text))
        if span is not None:
            kind, start, end = span
            results.append(_Dismissal(key, kind, start, end, text[start:end], name, created_at))
    return sorted(results, key=lambda item: (item.start, item.end))


def _dismissed_item(text: str, dismissal: _Dismissal, found: Suggestion | None) -> ReaderSuggestion:
    """A dismissal as the reader lists it; its value is known while the engine still finds it."""
    d = dismissal
    item = (
        _reader_item(text, found)
        if found is not None
        else ReaderSuggestion(
            d.key, d.kind, d.start, d.end, d.exact, None, *context_around(text, d.start, d.end)
        )
    )
    return replace(item, dismissed_by=d.dismissed_by, dismissed_at=d.dismissed_at)


def _span_of(key: str, length: int) -> tuple[str, int, int] | None:
    """The kind and offsets a suggestion key names ("date:12:21"); None for a key that does
    not fit the text (never raised: the list must show what it can)."""
    kind, _, span = key.partition(":")
    start, _, end = span.partition(":")
    if kind not in KINDS or not start.isdigit() or not end.isdigit():
        return None
    start_at, end_at = int(start), int(end)
    return (kind, start_at, end_at) if start_at < end_at <= length else None


def _grouped(items: list, to_reader: Callable[[Any], ReaderSuggestion]) -> list[SuggestionGroup]:
    """Groups by kind in text order, each alike fragment numbered within its kind; only the
    listed ones (PER_KIND a kind) are turned into reader items."""
    groups = []
    for kind in KINDS:
        of_kind = [item for item in items if item.kind == kind]
        if not of_kind:
            continue
        counts = Counter(item.exact for item in of_kind)
        seen: Counter = Counter()
        shown = []
        for item in of_kind[:PER_KIND]:
            seen[item.exact] += 1
            alike = {"occurrence": seen[item.exact], "occurrences": counts[item.exact]}
            shown.append(replace(to_reader(item), **alike))
        groups.append(SuggestionGroup(kind, shown, len(of_kind)))
    return groups
