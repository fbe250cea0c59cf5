"""Anchoring excerpts on a revised text: the diff of two revisions (diff-match-patch), and
where a quote of the old text stands in the new one — moved, changed or gone."""

from __future__ import annotations

from dataclasses import dataclass

from factdb.models import Excerpt, ReanchorResult
from factdb.services.sources.excerpts import CONTEXT_CHARS, excerpt_at, quote_positions

# Diffing stops refining after this many seconds; past it the diff is coarser (larger
# replaced blocks) but still exact, so a long text costs at most about this much. Measured:
# 2.2 million characters, a sentence a line, diff 0.4 s; the same text on one line reaches
# the bound, and a quote edited inside a coarse block then reads as gone rather than changed
# (quotes that read the same are still found, so moved claims are unaffected).
DIFF_TIMEOUT_SECONDS = 2.0
# A quote whose new reading keeps less than this share of its characters is gone, not changed.
CHANGED_MIN_SIMILARITY = 0.5

INSERT, DELETE, EQUAL = 1, -1, 0
OPS = {INSERT: "insert", DELETE: "delete", EQUAL: "equal"}


@dataclass(frozen=True)
class Anchor:
    """Where an old excerpt stands in the new text: ``excerpt`` is the new span (the same
    quote when moved, the new reading when changed, None when gone)."""

    result: ReanchorResult
    excerpt: Excerpt | None = None


def _engine(timeout: float):
    from diff_match_patch import diff_match_patch  # imported when used: the CLI starts light

    engine = diff_match_patch()
    engine.Diff_Timeout = timeout
    return engine


def text_diff(old: str, new: str, timeout: float = DIFF_TIMEOUT_SECONDS) -> list[tuple[int, str]]:
    """The changes from ``old`` to ``new`` as (op, text) pairs, op 0 equal, 1 insert, -1 delete.

    Rules: diff-match-patch's diff (Myers, with its line-mode speed-up) cleaned up for people
    (``diff_cleanupSemantic``: whole words and sentences rather than scattered characters);
    the equal and deleted parts spell ``old``, the equal and inserted parts spell ``new``.
    Bounded: refinement stops after ``timeout`` seconds (then the blocks are coarser, and an
    edited quote inside one is reported gone, not changed). Units: characters are Unicode
    code points.
    """
    engine = _engine(timeout)
    diffs = engine.diff_main(old, new)
    engine.diff_cleanupSemantic(diffs)
    return [(op, text) for op, text in diffs]


def diff_ops(diffs: list[tuple[int, str]]) -> list[dict]:
    """The diff as [{"op": "equal" | "insert" | "delete", "text": …}, …]."""
    return [{"op": OPS[op], "text": text} for op, text in diffs]


def _map_offset(diffs: list[tuple[int, str]], offset: int) -> int:
    """``offset`` of the old text mapped into the new one (diff-match-patch's diff_xIndex:
    an offset inside deleted text maps to where the deletion was)."""
    return _engine(DIFF_TIMEOUT_SECONDS).diff_xIndex(diffs, offset)


def _similarity(a: str, b: str) -> float:
    engine = _engine(DIFF_TIMEOUT_SECONDS)
    distance = engine.diff_levenshtein(engine.diff_main(a, b, False))
    return 1 - distance / max(len(a), len(b), 1)


def _context_score(new: str, at: int, excerpt: Excerpt) -> int:
    """How many characters of the excerpt's prefix and suffix surround ``new[at:]`` as before."""
    before = new[max(0, at - len(excerpt.prefix)) : at]
    after_at = at + len(excerpt.exact)
    after = new[after_at : after_at + len(excerpt.suffix)]
    return _common_start(before[::-1], excerpt.prefix[::-1]) + _common_start(after, excerpt.suffix)


def _common_start(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share from their start."""
    for index, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return index
    return min(len(a), len(b))


def _found_again(new: str, excerpt: Excerpt, mapped: int) -> Excerpt | None:
    """Where the quote reads the same in ``new``: its only occurrence; else the one whose
    surroundings keep most of its prefix and suffix (TextQuoteSelector context); else, when
    that ties, the one the diff maps it to. None when it is missing, or repeated with nothing
    to tell the occurrences apart (never guessed)."""
    positions = quote_positions(new, excerpt.exact)
    if len(positions) > 1:
        scores = {p: _context_score(new, p, excerpt) for p in positions}
        best = max(scores.values())
        positions = [p for p in positions if scores[p] == best]
        if len(positions) > 1:
            positions = [p for p in positions if p == mapped]
    if len(positions) != 1:
        return None
    return excerpt_at(new, positions[0], positions[0] + len(excerpt.exact))


def reanchor(diffs: list[tuple[int, str]], new: str, excerpt: Excerpt) -> Anchor:
    """Where ``excerpt`` (of the old text) stands in ``new``, given the old → new ``diffs``.

    Rules: the quote found in ``new`` → moved: its one occurrence, else the occurrence that
    keeps most of its prefix/suffix context, else (a tie) the occurrence its offsets map to
    through the diff (a repeated quote is never guessed); else the mapped
    span is the quote's new reading → changed, when it is not blank and keeps at least
    ``CHANGED_MIN_SIMILARITY`` of the characters (Levenshtein); otherwise → gone.
    Always ``new[start:end] == exact`` of the returned excerpt.
    """
    start, end = _map_offset(diffs, excerpt.start), _map_offset(diffs, excerpt.end)
    found = _found_again(new, excerpt, start)
    if found is not None:
        return Anchor(ReanchorResult.moved, found)
    reading = new[start:end]
    if reading.strip() and _similarity(excerpt.exact, reading) >= CHANGED_MIN_SIMILARITY:
        before = new[max(0, start - CONTEXT_CHARS) : start]
        after = new[end : end + CONTEXT_CHARS]
        return Anchor(ReanchorResult.changed, Excerpt(start, end, reading, before, after))
    return Anchor(ReanchorResult.gone)
