"""Confirmed matches: a reviewer links two claims as the same claim; linked claims form a
group shown side by side. Links are audited (who, when, note) and only editors remove them."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from factdb.models import Claim, ClaimMatch, ClaimStatus, Organization, Role, Source, User
from factdb.models.claims import VERDICTS
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import DuplicateError, NotFoundError, ValidationError
from factdb.services.review.claims import get_claim
from factdb.services.review.notes import clean_note
from factdb.services.review.values import format_value
from factdb.services.tracking.conflicts import detect_conflicts
from factdb.services.tracking.groups import group_ids, live_match
from factdb.timeutil import utcnow

OPEN_STATUSES = {ClaimStatus.draft.value, ClaimStatus.submitted.value, ClaimStatus.in_review.value}


def link_claims(
    session: Session, actor: User, claim_id: int, other_id: int, note: str | None = None
) -> ClaimMatch:
    """Record that two claims make the same claim, and flag the conflicts the link reveals.

    Rules: reviewers and editors only; two different, existing claims; a pair is linked once.
    Errors: PermissionDeniedError, NotFoundError, ValidationError, DuplicateError.
    """
    require_role(actor, Role.reviewer)
    if claim_id == other_id:
        raise ValidationError("A claim cannot be matched with itself.", {"claim_id": "same"})
    first, second = get_claim(session, claim_id), get_claim(session, other_id)
    if live_match(session, claim_id, other_id) is not None:
        raise DuplicateError(f"Claims #{claim_id} and #{other_id} are already matched.")
    low, high = sorted((claim_id, other_id))
    match = ClaimMatch(claim_id=low, other_id=high, created_by_id=actor.id, note=clean_note(note))
    session.add(match)
    session.flush()
    detect_conflicts(session, first)
    detect_conflicts(session, second)
    return match


def remove_match(
    session: Session, actor: User, claim_id: int, other_id: int, note: str | None = None
) -> ClaimMatch:
    """Undo a confirmed match; the record stays, with who removed it, when and why.

    Rules: editors only; the pair must be linked. Errors: PermissionDeniedError,
    NotFoundError.
    """
    require_role(actor, Role.editor)
    match = live_match(session, claim_id, other_id)
    if match is None:
        raise NotFoundError(f"Claims #{claim_id} and #{other_id} are not matched.")
    match.removed_by_id = actor.id
    match.removed_at = utcnow()
    match.removal_note = clean_note(note)
    session.add(match)
    session.flush()
    for member in (claim_id, other_id):
        detect_conflicts(session, get_claim(session, member))
    return match


@dataclass(frozen=True)
class GroupMember:
    claim: Claim
    organization: str | None
    source_title: str
    source_url: str | None
    value_text: str


def claim_group(session: Session, claim_id: int) -> list[GroupMember]:
    """The claims linked to ``claim_id`` by confirmed matches, the claim itself first, then by
    source. Errors: NotFoundError for an unknown claim."""
    get_claim(session, claim_id)
    ids = group_ids(session, claim_id)
    if not ids:
        return []
    rows = session.exec(
        select(Claim, Organization.name, Source.title, Source.url)
        .join(Source, Source.id == Claim.source_id)
        .outerjoin(Organization, Organization.id == Claim.organization_id)
        .where(Claim.id.in_(ids | {claim_id}))
        .order_by(Claim.source_id, Claim.id)
    ).all()
    members = [GroupMember(c, org, title, url, format_value(c)) for c, org, title, url in rows]
    members.sort(key=lambda m: m.claim.id != claim_id)
    return members


@dataclass(frozen=True)
class ReviewOffer:
    """What a verdict in a group offers the rest of it: when the claim is decided, the other
    claims of its group still open for review; when it is open, those already decided (their
    verdict and evidence may settle it)."""

    still_open: list[GroupMember]
    decided: list[GroupMember]


def review_offer(claim: Claim, group: list[GroupMember]) -> ReviewOffer:
    """The review offer of ``claim`` within its confirmed ``group`` (see ``claim_group``).

    Rules: a claim is decided when its status is a verdict (verified, refuted,
    unverifiable); the claim itself is never offered; retracted claims are neither.
    """
    verdicts = {status.value for status in VERDICTS}
    others = [m for m in group if m.claim.id != claim.id]
    decided = [m for m in others if m.claim.status in verdicts]
    still_open = [m for m in others if m.claim.status in OPEN_STATUSES]
    if claim.status in verdicts:
        return ReviewOffer(still_open=still_open, decided=[])
    if claim.status in OPEN_STATUSES:
        return ReviewOffer(still_open=[], decided=decided)
    return ReviewOffer(still_open=[], decided=[])
