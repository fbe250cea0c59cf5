"""Excerpts: locating and validating quoted spans of a source's text.

An excerpt is given either by position (``start``/``end``) or by quote (``exact`` with optional
``prefix``/``suffix`` context), like the W3C TextPositionSelector and TextQuoteSelector. Either
way the stored excerpt satisfies ``text[start:end] == exact``; a quote that is missing or occurs
more than once (and the context does not single one out) is refused, never guessed.
"""

from __future__ import annotations

from factdb.models import Excerpt
from factdb.models.limits import EXCERPT_EXACT
from factdb.services.errors import ExcerptError
from factdb.services.sources.fold import fold, fold_text

CONTEXT_CHARS = 32
# Characters of context the claim page shows at most either side of an excerpt.
CONTEXT_REACH = 600
MAX_EXCERPT_CHARS = EXCERPT_EXACT


def excerpt_at(text: str, start: int, end: int) -> Excerpt:
    """The excerpt of ``text`` between two offsets, with its context.

    Rules: 0 <= start < end <= len(text); the span is not blank; at most 10,000 characters.
    """
    if not isinstance(start, int) or not isinstance(end, int):
        raise ExcerptError("Excerpt offsets must be whole numbers.", {"excerpt": "not integers"})
    if start < 0 or end > len(text):
        raise ExcerptError(
            f"The excerpt {start}–{end} lies outside the source (0–{len(text)}).",
            {"excerpt": "out of range"},
        )
    if end <= start:
        raise ExcerptError(
            f"The excerpt must end after it starts (got start {start}, end {end}).",
            {"excerpt": "empty or negative width"},
        )
    if end - start > MAX_EXCERPT_CHARS:
        raise ExcerptError(
            f"An excerpt can be at most {MAX_EXCERPT_CHARS} characters long.",
            {"excerpt": "too long"},
        )
    exact = text[start:end]
    if not exact.strip():
        raise ExcerptError("The excerpt is only whitespace.", {"excerpt": "blank"})
    return Excerpt(
        start=start,
        end=end,
        exact=exact,
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def quote_positions(text: str, exact: str) -> list[int]:
    """Every offset where ``exact`` occurs in ``text`` (overlapping occurrences included)."""
    positions, index = [], text.find(exact)
    while index != -1:
        positions.append(index)
        index = text.find(exact, index + 1)
    return positions


def locate_excerpt(text: str, exact: str, prefix: str = "", suffix: str = "") -> Excerpt:
    """Find the one place ``exact`` is quoted from, using prefix/suffix to disambiguate.

    Rules: quote, context and source are compared in their folded form (``fold``: line breaks,
    spaces, Unicode normal form, invisible characters, typographic quotes and dashes), so a quote
    a user can see in the source is found; the excerpt keeps the source's own characters at
    their original offsets. The quote must occur; if it occurs more than once, the context must
    single out one occurrence, otherwise the quote is ambiguous and refused (ExcerptError).
    """
    needle = fold_text(exact or "").strip()
    if not needle:
        raise ExcerptError("The quoted text is empty.", {"excerpt": "blank"})
    folded = fold(text)
    positions = folded.find_all(needle)
    if not positions:
        raise ExcerptError(
            "The quoted text does not occur in the source; quote it exactly as it appears.",
            {"excerpt": "not found"},
        )
    before, after = fold_text(prefix or "").rstrip(), fold_text(suffix or "").lstrip()
    width = len(needle)
    matching = [p for p in positions if _has_context(folded.text, p, p + width, before, after)]
    if not matching:
        raise ExcerptError(
            "The quoted text occurs in the source, but not with the given prefix/suffix.",
            {"excerpt": "context does not match"},
        )
    if len(matching) > 1:
        where = ", ".join(str(folded.to_original(p)) for p in matching[:5])
        raise ExcerptError(
            f"The quoted text occurs {len(matching)} times in the source (at offsets {where}); "
            "give a longer quote, or the text just before or after it (prefix/suffix).",
            {"excerpt": "ambiguous"},
        )
    start, end = folded.span_to_original(matching[0], matching[0] + len(needle))
    return excerpt_at(text, start, end)


def _has_context(text: str, start: int, end: int, before: str, after: str) -> bool:
    """Whether folded ``text[start:end]`` is preceded by ``before`` and followed by ``after``
    (a space between context and quote is optional on either side)."""
    if start and text[start - 1] == " ":
        start -= 1
    if end < len(text) and text[end] == " ":
        end += 1
    return text.endswith(before, 0, start) and text.startswith(after, end)


def resolve_excerpt(
    text: str,
    *,
    start: int | None = None,
    end: int | None = None,
    exact: str | None = None,
    prefix: str | None = None,
    suffix: str | None = None,
) -> Excerpt:
    """An excerpt from offsets, from a quote, or from both (which must then agree)."""
    if start is not None or end is not None:
        if start is None or end is None:
            raise ExcerptError("Give both start and end offsets.", {"excerpt": "incomplete"})
        excerpt = excerpt_at(text, start, end)
        if exact is not None and fold_text(exact).strip() != fold_text(excerpt.exact).strip():
            raise ExcerptError(
                f"The source text at {start}–{end} is {excerpt.exact[:80]!r}, "
                f"not the quoted {exact[:80]!r}.",
                {"excerpt": "does not match the source"},
            )
        return excerpt
    if exact is None:
        raise ExcerptError(
            "An excerpt needs start/end offsets or the exact quoted text.",
            {"excerpt": "missing"},
        )
    return locate_excerpt(text, exact, prefix or "", suffix or "")


def excerpt_matches(text: str, excerpt: Excerpt) -> bool:
    """Whether a stored excerpt still quotes its source exactly."""
    return text[excerpt.start : excerpt.end] == excerpt.exact


def _sentence_starts(text: str, start: int, count: int) -> int:
    """The offset ``count`` sentence boundaries before ``start`` (or 0)."""
    position = start
    for _ in range(count):
        found = max(text.rfind(". ", 0, position - 1), text.rfind("\n", 0, position - 1))
        if found == -1:
            return 0
        position = found + 1
    return position


def _sentence_ends(text: str, end: int, count: int) -> int:
    """The offset just after ``count`` sentence boundaries from ``end`` (or the text's end)."""
    position = end
    for _ in range(count):
        found = [i for i in (text.find(". ", position), text.find("\n", position)) if i != -1]
        if not found:
            return len(text)
        position = min(found) + 1
    return position


def context_window(
    text: str, excerpt: Excerpt, sentences: int = 2, offset: int = 0
) -> tuple[str, str, str]:
    """(before, exact, after): the excerpt's own sentence plus ``sentences`` either side,
    at most CONTEXT_REACH (600) characters each way.

    ``text`` may be the whole source or the part of it that starts at character ``offset``
    and holds CONTEXT_REACH characters either side of the excerpt (``context_span``): the
    answer is the same, so a reader need not load a long source's whole text."""
    start, end = excerpt.start - offset, excerpt.end - offset
    before_start = max(_sentence_starts(text, start, sentences + 1), start - CONTEXT_REACH)
    after_end = min(_sentence_ends(text, end, sentences + 1), end + CONTEXT_REACH)
    return (
        text[before_start:start].lstrip(),
        excerpt.exact,
        text[end:after_end].rstrip(),
    )


def context_span(start: int, end: int) -> tuple[int, int]:
    """The offsets (first, past the last) of the part of a source ``context_window`` needs
    for the excerpt ``start``–``end``."""
    return max(start - CONTEXT_REACH, 0), end + CONTEXT_REACH
