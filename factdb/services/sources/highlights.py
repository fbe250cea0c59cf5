"""The reader's highlights: a source's text cut into runs, each with every claim covering it."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from factdb.models import Claim


@dataclass(frozen=True)
class Segment:
    """A run of the text and the claims whose excerpts cover all of it, outermost first."""

    text: str
    start: int
    claims: tuple[Claim, ...] = ()
    levels: tuple[int, ...] = ()  # per claim: its underline's place below the text, from 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _outermost_first(claim: Claim) -> tuple[int, int, int]:
    return (claim.excerpt_start, -claim.excerpt_end, claim.id or 0)


def _levels(runs: list[tuple[Claim, ...]]) -> dict[int, int]:
    """Each claim's underline level: shorter excerpts sit nearer the text, and a claim sits
    one level below every shorter claim it shares a run with, so overlapping claims never
    share a level and each claim keeps one level along its whole excerpt."""
    neighbours: dict[int, set[int]] = {}
    claims: dict[int, Claim] = {}
    for run in runs:
        for claim in run:
            claims[id(claim)] = claim
            neighbours.setdefault(id(claim), set()).update(id(c) for c in run)
    order = sorted(
        claims,
        key=lambda k: (
            claims[k].excerpt_end - claims[k].excerpt_start,
            claims[k].excerpt_start,
            claims[k].id or 0,
        ),
    )
    rank = {key: place for place, key in enumerate(order)}
    level: dict[int, int] = {}
    for key in order:
        below = [level[other] + 1 for other in neighbours[key] if rank[other] < rank[key]]
        level[key] = max(below, default=0)
    return level


def highlight_segments(text: str, claims: list[Claim]) -> list[Segment]:
    """The text cut at every excerpt boundary into runs, each with all claims covering it.

    Offsets and lengths are Unicode code points (``excerpt_start``/``excerpt_end`` as stored).
    Nested and overlapping excerpts are kept whole: a run inside a statement that encloses a
    date claim carries both claims, outermost first, so the reader can reach every claim from
    any run. Each claim gets one underline level for its whole excerpt (``levels``, aligned
    with ``claims``): shorter excerpts nearer the text, overlapping claims never on the same
    level. Excerpts
    that are empty or fall outside the text are clipped to it or left out; the runs' texts
    joined give back ``text`` exactly.
    """
    size = len(text)
    spans = [
        (max(0, c.excerpt_start), min(size, c.excerpt_end), c)
        for c in claims
        if min(size, c.excerpt_end) > max(0, c.excerpt_start)
    ]
    opening: dict[int, list[Claim]] = {}
    closing: dict[int, list[Claim]] = {}
    for start, end, claim in spans:
        opening.setdefault(start, []).append(claim)
        closing.setdefault(end, []).append(claim)
    cuts = sorted({0, size, *opening, *closing})
    runs: list[tuple[int, int, tuple[Claim, ...]]] = []
    active: list[Claim] = []
    for left, right in pairwise(cuts):
        # One pass over the boundaries: claims leave where they end and join where they start.
        gone = closing.get(left, [])
        active = [c for c in active if all(c is not g for g in gone)]
        active = sorted(active + opening.get(left, []), key=_outermost_first)
        runs.append((left, right, tuple(active)))
    level = _levels([run for _, _, run in runs])
    parts: list[Segment] = []
    for left, right, run in runs:
        stacked = sorted(run, key=lambda c: -level[id(c)])  # stable: outermost first on ties
        parts.append(
            Segment(text[left:right], left, tuple(stacked), tuple(level[id(c)] for c in stacked))
        )
    return parts
