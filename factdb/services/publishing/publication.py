"""The publication step: an editor puts a verdict on its public page or takes it off.

Every decision is appended to ``publication`` and shows in the claim's history. Reopening a
published verdict takes it off at once (``withdrawn``): the public page then answers 410 Gone
until an editor publishes the new verdict, whose page shows the earlier one as a correction.
"""

from __future__ import annotations

from sqlmodel import Session, select

from factdb.models import Claim, ClaimStatus, Publication, PublicationAction, Role, User
from factdb.models.claims import VERDICTS
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import InvalidTransitionError, ValidationError
from factdb.services.review.claims import bump_version, check_version, get_claim
from factdb.services.review.notes import clean_note
from factdb.timeutil import utcnow


def publish(
    session: Session, actor: User, claim_id: int, version: int, note: str | None = None
) -> Claim:
    """Publish a claim's verdict on its public page.

    Rules: editors only (PermissionDeniedError); the version seen is current
    (StaleVersionError); the claim holds a verdict — verified, refuted or unverifiable —
    and is not already published (InvalidTransitionError); the note is at most 10,000
    characters (ValidationError).
    """
    require_role(actor, Role.editor)
    claim = get_claim(session, claim_id)
    check_version(session, claim, version)
    if ClaimStatus(claim.status) not in VERDICTS:
        raise InvalidTransitionError(
            f"Only a verdict can be published; this claim is {ClaimStatus(claim.status).label}."
        )
    if claim.published_at is not None:
        raise InvalidTransitionError("This verdict is already published.")
    note = clean_note(note)
    bump_version(session, claim, version, published_at=utcnow(), published_by_id=actor.id)
    _record(session, claim, actor, PublicationAction.published, note)
    return claim


def unpublish(
    session: Session, actor: User, claim_id: int, version: int, note: str | None = None
) -> Claim:
    """Take a published verdict off its public page (its URL then answers 410 Gone).

    Rules: editors only (PermissionDeniedError); the version seen is current
    (StaleVersionError); the claim is published (InvalidTransitionError); a note saying why
    is required, at most 10,000 characters (ValidationError).
    """
    require_role(actor, Role.editor)
    claim = get_claim(session, claim_id)
    check_version(session, claim, version)
    if claim.published_at is None:
        raise InvalidTransitionError("This claim is not published.")
    note = clean_note(note)
    if not note:
        raise ValidationError("Say why the verdict is taken off.", {"note": "required"})
    bump_version(session, claim, version, published_at=None, published_by_id=None)
    _record(session, claim, actor, PublicationAction.unpublished, note)
    return claim


def withdrawal_columns(session: Session, claim: Claim, actor: User, note: str | None) -> dict:
    """For a transition leaving a verdict: record the withdrawal of a published verdict and
    return the claim columns that take it off (nothing when it was not published)."""
    if claim.published_at is None:
        return {}
    _record(session, claim, actor, PublicationAction.withdrawn, note, version=claim.version + 1)
    return {"published_at": None, "published_by_id": None}


def _record(
    session: Session,
    claim: Claim,
    actor: User,
    action: PublicationAction,
    note: str | None,
    version: int | None = None,
) -> None:
    session.add(
        Publication(
            claim_id=claim.id,
            action=action.value,
            actor_id=actor.id,
            version=version if version is not None else claim.version,
            note=note,
        )
    )
    session.flush()


def publications(session: Session, claim_id: int) -> list[Publication]:
    """A claim's publication decisions, oldest first."""
    return list(
        session.exec(
            select(Publication).where(Publication.claim_id == claim_id).order_by(Publication.id)
        )
    )


def publication_moves(user: User | None, claim: Claim) -> list[str]:
    """What ``user`` may do to ``claim``'s publication now: "publish", "unpublish" or
    nothing (editors only, on a verdict)."""
    if user is None or not getattr(user, "active", False) or not user.has_role(Role.editor):
        return []
    if claim.published_at is not None:
        return ["unpublish"]
    return ["publish"] if ClaimStatus(claim.status) in VERDICTS else []
