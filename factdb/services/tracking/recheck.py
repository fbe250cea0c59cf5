"""As of and re-check: the date a claim's value holds for, and when its verdict should be
checked again. Past its re-check date a decided claim is *due*.

``as_of`` defaults to the statement's ``said_on`` or the source's published date;
``recheck_on`` is set when a verdict is given, from the per-kind number of days in the
``RECHECK_DAYS`` setting (figures a year by default, statements never). Setting a date is
audited in ``recheck_change`` and is not a content edit: it leaves the claim's version and
four eyes alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_app_context
from sqlmodel import Session, select

from factdb.models import (
    Claim,
    ClaimStatus,
    RecheckChange,
    RecheckRequest,
    RecheckRequestStatus,
    Role,
    Source,
    User,
)
from factdb.models.claims import VERDICTS
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.review import signals
from factdb.services.review.claims import get_claim
from factdb.services.review.notes import clean_note
from factdb.services.review.workflow import transition
from factdb.timeutil import utcnow

DEFAULT_RECHECK_DAYS = {"figure": 365, "date": None, "statement": None}


def recheck_days(kind: str) -> int | None:
    """Days from a verdict to its re-check for claims of ``kind`` (None: never)."""
    days = DEFAULT_RECHECK_DAYS
    if has_app_context():
        days = {**days, **current_app.config.get("RECHECK_DAYS", {})}
    value = days.get(kind)
    return int(value) if value else None


def today() -> date:
    return utcnow().date()


def set_recheck_date(
    session: Session, actor: User, claim_id: int, recheck_on: date | None, note: str | None
) -> Claim:
    """Set (or clear, with None) when a claim is to be checked again, at any status.

    Rules: reviewers and editors only; the change is audited with its note; the claim's
    version and content are untouched. Errors: PermissionDeniedError, NotFoundError,
    ValidationError.
    """
    require_role(actor, Role.reviewer)
    claim = get_claim(session, claim_id)
    if recheck_on is not None and not isinstance(recheck_on, date):
        raise ValidationError("Give the re-check date as a date.", {"recheck_on": "not a date"})
    _record(session, claim, actor, recheck_on, clean_note(note))
    return claim


def _record(session: Session, claim: Claim, actor_id_or_user, after: date | None, note) -> None:
    actor_id = getattr(actor_id_or_user, "id", actor_id_or_user)
    session.add(
        RecheckChange(
            claim_id=claim.id, actor_id=actor_id, before=claim.recheck_on, after=after, note=note
        )
    )
    claim.recheck_on = after
    session.add(claim)
    session.flush()


def recheck_claim(session: Session, actor: User, claim_id: int, note: str) -> Claim:
    """Re-check a decided claim now: reopen it for review with the note in its audit trail.

    Rules: editors only (the workflow's reopen move); a note is required; the claim must have
    a verdict. Errors: PermissionDeniedError, NotFoundError, ValidationError and the workflow's
    errors.
    """
    require_role(actor, Role.editor)
    claim = get_claim(session, claim_id)
    text = clean_note(note, required=True)
    if ClaimStatus(claim.status) not in VERDICTS:
        raise ValidationError("Only a decided claim can be re-checked.", {"status": claim.status})
    return transition(
        session, actor, claim.id, ClaimStatus.in_review.value, claim.version, f"Re-check: {text}"
    )


def request_recheck(session: Session, actor: User, claim_id: int, note: str) -> RecheckRequest:
    """A reviewer asks for a decided claim to be re-checked; an editor approves or declines.

    Rules: reviewers and editors; the claim has a verdict; a note is required; one pending
    request per claim. Errors: PermissionDeniedError, NotFoundError, ValidationError.
    """
    require_role(actor, Role.reviewer)
    claim = get_claim(session, claim_id)
    if ClaimStatus(claim.status) not in VERDICTS:
        raise ValidationError("Only a decided claim can be re-checked.", {"status": claim.status})
    if pending_request(session, claim.id) is not None:
        raise ValidationError(
            "A re-check of this claim is already waiting for an editor.", {"claim": "pending"}
        )
    request = RecheckRequest(
        claim_id=claim.id, requested_by_id=actor.id, note=clean_note(note, required=True)
    )
    session.add(request)
    session.flush()
    return request


def pending_request(session: Session, claim_id: int) -> RecheckRequest | None:
    """The re-check request of a claim waiting for an editor, if any."""
    return session.exec(
        select(RecheckRequest).where(
            RecheckRequest.claim_id == claim_id,
            RecheckRequest.status == RecheckRequestStatus.pending,
        )
    ).first()


def decide_request(
    session: Session, actor: User, request_id: int, approve: bool, note: str | None = None
) -> RecheckRequest:
    """An editor approves a re-check request (the claim is reopened) or declines it.

    Rules: editors only; the request is pending; declining needs a note. Errors:
    PermissionDeniedError, NotFoundError, ValidationError and the workflow's errors.
    """
    require_role(actor, Role.editor)
    request = session.get(RecheckRequest, request_id)
    if request is None:
        raise NotFoundError(f"No re-check request #{request_id}.")
    if request.status != RecheckRequestStatus.pending:
        raise ValidationError(f"This request was already {request.status}.", {"status": "done"})
    request.decision_note = clean_note(note, required=not approve)
    if approve:
        recheck_claim(session, actor, request.claim_id, request.decision_note or request.note)
    request.status = RecheckRequestStatus.approved if approve else RecheckRequestStatus.declined
    request.decided_by_id = actor.id
    request.decided_at = utcnow()
    session.add(request)
    session.flush()
    return request


@dataclass(frozen=True)
class PendingRequest:
    request: RecheckRequest
    claim: Claim


def pending_requests(session: Session, limit: int = 50) -> list[PendingRequest]:
    """Re-check requests waiting for an editor, oldest first."""
    rows = session.exec(
        select(RecheckRequest, Claim)
        .join(Claim, Claim.id == RecheckRequest.claim_id)
        .where(RecheckRequest.status == RecheckRequestStatus.pending)
        .order_by(RecheckRequest.id)
        .limit(max(1, min(limit, 200)))
    ).all()
    return [PendingRequest(r, c) for r, c in rows]


def recheck_history(session: Session, claim_id: int) -> list[RecheckChange]:
    """Every change of a claim's re-check date, oldest first."""
    return list(
        session.exec(
            select(RecheckChange)
            .where(RecheckChange.claim_id == claim_id)
            .order_by(RecheckChange.id)
        ).all()
    )


def _default_as_of(session: Session, claim: Claim, **_) -> None:
    if claim.as_of is not None:
        return
    as_of = claim.said_on
    if as_of is None:
        as_of = session.exec(select(Source.published).where(Source.id == claim.source_id)).first()
    if as_of is not None:
        claim.as_of = as_of
        session.add(claim)
        session.flush()


def _default_recheck(session: Session, claim: Claim, **_) -> None:
    days = recheck_days(claim.kind)
    if days is None or (claim.recheck_on is not None and claim.recheck_on > today()):
        return
    _record(session, claim, claim.decided_by_id, today() + timedelta(days=days), None)


def connect() -> None:
    """Follow the review workflow: default as-of on save, re-check date on a verdict."""
    signals.claim_saved.connect(_default_as_of, weak=False)
    signals.verdict_given.connect(_default_recheck, weak=False)
