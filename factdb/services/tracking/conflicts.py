"""Conflicts: two claims that make the same claim — linked in a group, or of the same
organization and kind with nearly the same wording — whose values or verdicts disagree.

Conflicts are found when a claim is saved, decided, matched or unmatched, and kept in
``claim_conflict`` so the Conflicts page is one indexed read. A reviewer may dismiss one with
a note; a dismissed pair is not flagged again for the same reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from blinker import Namespace
from flask import current_app, has_app_context
from sqlalchemy import or_
from sqlmodel import Session, select

from factdb.models import (
    Claim,
    ClaimConflict,
    ClaimStatus,
    ConflictReason,
    ConflictStatus,
    Organization,
    Role,
    User,
)
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.review import signals
from factdb.services.review.notes import clean_note
from factdb.services.review.values import format_value
from factdb.services.tracking.compare import DEFAULT_TOLERANCE, Relation, compare_values
from factdb.services.tracking.groups import group_ids
from factdb.services.tracking.matching import DraftClaim, similar_claims
from factdb.timeutil import utcnow

OPPOSED = {ClaimStatus.verified.value, ClaimStatus.refuted.value}
CANDIDATES = 25  # similar claims examined for strong matches
MAX_PAGE = 200
# Sent for each newly flagged conflict, inside the transaction that found it:
# ``send(session, conflict=conflict, claim=claim)`` (``claim``: the one whose change found it).
conflict_flagged = Namespace().signal("conflict-flagged")


def _tolerance() -> float:
    """The configured relative tolerance for figures (``FACTDB_FIGURE_TOLERANCE``)."""
    if has_app_context():
        return float(current_app.config.get("FIGURE_TOLERANCE", DEFAULT_TOLERANCE))
    return DEFAULT_TOLERANCE


def _found_conflicts(session: Session, claim: Claim) -> dict[tuple[int, str], str]:
    """(other claim id, reason) → detail, for every conflict ``claim`` has right now."""
    if claim.status == ClaimStatus.retracted:
        return {}
    others: dict[int, Claim] = {}
    linked = group_ids(session, claim.id)
    if linked:
        for other in session.exec(select(Claim).where(Claim.id.in_(linked))).all():
            others[other.id] = other
    draft = DraftClaim(claim.text, claim.kind, claim.organization_id, claim)
    for similar in similar_claims(session, draft, limit=CANDIDATES):
        if similar.strong:
            others.setdefault(similar.claim.id, similar.claim)
    found = {}
    tolerance = _tolerance()
    for other in others.values():
        if other.status == ClaimStatus.retracted:
            continue
        comparison = compare_values(claim, other, tolerance)
        if comparison.relation is Relation.conflicting:
            found[(other.id, ConflictReason.value.value)] = comparison.detail
        if {claim.status, other.status} == OPPOSED:
            found[(other.id, ConflictReason.verdict.value)] = (
                f"{ClaimStatus(claim.status).label} vs {ClaimStatus(other.status).label}"
            )
    return found


def detect_conflicts(session: Session, claim: Claim) -> list[ClaimConflict]:
    """Flag ``claim``'s conflicts and clear the open ones that no longer hold.

    Rules: values conflict as ``compare_values`` says; verdicts conflict when one is verified
    and the other refuted; dismissed conflicts stay dismissed. Returns the open conflicts.
    """
    found = _found_conflicts(session, claim)
    existing = session.exec(
        select(ClaimConflict).where(
            or_(ClaimConflict.claim_id == claim.id, ClaimConflict.other_id == claim.id)
        )
    ).all()
    known = {}
    for conflict in existing:
        other = conflict.other_id if conflict.claim_id == claim.id else conflict.claim_id
        key = (other, conflict.reason)
        known[key] = conflict
        if key not in found and conflict.status == ConflictStatus.open:
            session.delete(conflict)
        elif key in found and conflict.status == ConflictStatus.open:
            conflict.detail = _detail(claim, other, found[key])
    flagged = []
    for (other, reason), detail in found.items():
        if (other, reason) not in known:
            low, high = sorted((claim.id, other))
            flagged.append(
                ClaimConflict(
                    claim_id=low,
                    other_id=high,
                    reason=reason,
                    detail=_detail(claim, other, detail),
                )
            )
    session.add_all(flagged)
    session.flush()
    for conflict in flagged:
        conflict_flagged.send(session, conflict=conflict, claim=claim)
    return claim_conflicts(session, claim.id)


def _detail(claim: Claim, other_id: int, text: str) -> str:
    """The detail reads in the stored pair's order (lower id first)."""
    if claim.id < other_id:
        return text
    left, sep, right = text.partition(" vs ")
    return f"{right} vs {left}" if sep else text


def claim_conflicts(session: Session, claim_id: int) -> list[ClaimConflict]:
    """The open conflicts of one claim, oldest first."""
    return list(
        session.exec(
            select(ClaimConflict)
            .where(
                ClaimConflict.status == ConflictStatus.open,
                or_(ClaimConflict.claim_id == claim_id, ClaimConflict.other_id == claim_id),
            )
            .order_by(ClaimConflict.id)
        ).all()
    )


@dataclass(frozen=True)
class ConflictView:
    conflict: ClaimConflict
    claim: Claim
    other: Claim
    organization: str | None
    claim_value: str
    other_value: str


@dataclass(frozen=True)
class ConflictPage:
    items: list[ConflictView]
    next_cursor: int | None


def list_conflicts(
    session: Session,
    *,
    organization_id: int | None = None,
    kind: str | None = None,
    status: str = ConflictStatus.open.value,
    after_id: int | None = None,
    limit: int = 50,
) -> ConflictPage:
    """One page of conflicts, newest first, filtered by the first claim's organization and
    kind. Rules: status is open or dismissed; 1 ≤ limit ≤ 200; ``after_id`` continues a page.
    Errors: ValidationError for an unknown status."""
    if status not in ConflictStatus.__members__:
        raise ValidationError(f"Unknown conflict status {status!r}.", {"status": "unknown"})
    limit = max(1, min(limit, MAX_PAGE))
    query = (
        select(ClaimConflict, Claim, Organization.name)
        .join(Claim, Claim.id == ClaimConflict.claim_id)
        .outerjoin(Organization, Organization.id == Claim.organization_id)
        .where(ClaimConflict.status == status)
    )
    if organization_id is not None:
        query = query.where(Claim.organization_id == organization_id)
    if kind:
        query = query.where(Claim.kind == kind)
    if after_id is not None:
        query = query.where(ClaimConflict.id < after_id)
    rows = session.exec(query.order_by(ClaimConflict.id.desc()).limit(limit + 1)).all()
    others = {
        c.id: c
        for c in session.exec(
            select(Claim).where(Claim.id.in_([r[0].other_id for r in rows[:limit]]))
        ).all()
    }
    items = [
        ConflictView(
            conflict,
            claim,
            others[conflict.other_id],
            org,
            format_value(claim),
            format_value(others[conflict.other_id]),
        )
        for conflict, claim, org in rows[:limit]
    ]
    next_cursor = items[-1].conflict.id if len(rows) > limit else None
    return ConflictPage(items, next_cursor)


def dismiss_conflict(session: Session, actor: User, conflict_id: int, note: str) -> ClaimConflict:
    """Mark a flagged pair "not a conflict", with a note saying why.

    Rules: reviewers and editors only; the conflict is open; a note is required.
    Errors: PermissionDeniedError, NotFoundError, ValidationError.
    """
    require_role(actor, Role.reviewer)
    conflict = session.get(ClaimConflict, conflict_id)
    if conflict is None:
        raise NotFoundError(f"No conflict #{conflict_id}.")
    if conflict.status != ConflictStatus.open:
        raise ValidationError("This conflict was already dismissed.", {"status": "dismissed"})
    conflict.note = clean_note(note, required=True)
    conflict.status = ConflictStatus.dismissed.value
    conflict.dismissed_by_id = actor.id
    conflict.dismissed_at = utcnow()
    session.add(conflict)
    session.flush()
    return conflict


def _on_change(session: Session, claim: Claim) -> None:
    detect_conflicts(session, claim)


def connect() -> None:
    """Follow the review workflow: look for conflicts whenever a claim is saved or decided."""
    signals.claim_saved.connect(_on_change, weak=False)
    signals.verdict_given.connect(_on_change, weak=False)
