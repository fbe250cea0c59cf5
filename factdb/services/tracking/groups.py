"""Groups of claims: the claims linked, directly or through others, by live confirmed matches."""

from __future__ import annotations

from sqlalchemy import or_
from sqlmodel import Session, select

from factdb.models import ClaimMatch

MAX_GROUP = 500  # a group larger than this is read no further


def group_ids(session: Session, claim_id: int) -> set[int]:
    """The ids of the other claims in ``claim_id``'s group (empty when it has no match).

    Rules: removed matches do not link; the walk stops after ``MAX_GROUP`` claims.
    """
    seen, frontier = {claim_id}, {claim_id}
    while frontier and len(seen) < MAX_GROUP:
        rows = session.exec(
            select(ClaimMatch.claim_id, ClaimMatch.other_id).where(
                ClaimMatch.removed_at.is_(None),
                or_(ClaimMatch.claim_id.in_(frontier), ClaimMatch.other_id.in_(frontier)),
            )
        ).all()
        linked = {i for pair in rows for i in pair} - seen
        seen |= linked
        frontier = linked
    return seen - {claim_id}


def live_match(session: Session, claim_id: int, other_id: int) -> ClaimMatch | None:
    """The live match between two claims, whichever order they are given in."""
    low, high = sorted((claim_id, other_id))
    return session.exec(
        select(ClaimMatch).where(
            ClaimMatch.claim_id == low,
            ClaimMatch.other_id == high,
            ClaimMatch.removed_at.is_(None),
        )
    ).first()
