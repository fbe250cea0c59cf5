"""Page-sized reads of tracking: what the claim page shows about a claim's matches,
conflicts and re-check, and the re-check queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import bindparam, exists, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session

from factdb.db import direct_rows
from factdb.models import (
    Claim,
    ClaimConflict,
    ClaimMatch,
    ConflictStatus,
    RecheckChange,
    RecheckRequest,
    RecheckRequestStatus,
    Role,
    User,
)
from factdb.models.claims import VERDICTS
from factdb.services.review.claims import get_claim
from factdb.services.search.listing import ClaimFilters, Page, list_claims
from factdb.services.tracking.conflicts import claim_conflicts
from factdb.services.tracking.fact_check_matching import (
    SimilarFactCheck,
    similar_fact_checks_to_claim,
)
from factdb.services.tracking.matches import GroupMember, ReviewOffer, claim_group, review_offer
from factdb.services.tracking.matching import SimilarClaim, similar_to_claim
from factdb.services.tracking.recheck import (
    PendingRequest,
    pending_request,
    pending_requests,
    recheck_history,
    today,
)

PANEL_SIMILAR = 10


@dataclass(frozen=True)
class ClaimTracking:
    group: list[GroupMember]
    offer: ReviewOffer
    conflicts: list[ClaimConflict]
    as_of: date | None
    recheck_on: date | None
    due: bool
    recheck_changes: list[RecheckChange]
    pending_request: RecheckRequest | None
    may_link: bool
    may_unlink: bool
    may_set_recheck: bool
    may_recheck_now: bool
    may_request_recheck: bool


def claim_tracking(session: Session, claim: Claim, viewer: User) -> ClaimTracking:
    """The confirmed group, open conflicts and the re-check state of ``claim`` (as the claim
    page read it), with what ``viewer`` may do about them. Similar claims are a page of their
    own (``claim_similar``): finding them runs several searches, most of a claim page's time
    when it was shown there."""
    decided = claim.status in {v.value for v in VERDICTS}
    reviewer = viewer.has_role(Role.reviewer)
    # Most claims have none of these: one statement says which there are to read.
    (found,) = direct_rows(session, _tracking_found(), {"claim_id": claim.id})
    grouped, conflicting, changed, requested = found
    pending = pending_request(session, claim.id) if requested else None
    group = claim_group(session, claim.id) if grouped else []
    return ClaimTracking(
        group=group,
        offer=review_offer(claim, group),
        conflicts=claim_conflicts(session, claim.id) if conflicting else [],
        as_of=claim.as_of,
        recheck_on=claim.recheck_on,
        due=decided and claim.recheck_on is not None and claim.recheck_on <= today(),
        recheck_changes=recheck_history(session, claim.id) if changed else [],
        pending_request=pending,
        may_link=reviewer,
        may_unlink=viewer.has_role(Role.editor),
        may_set_recheck=reviewer,
        may_recheck_now=decided and viewer.has_role(Role.editor),
        may_request_recheck=decided and reviewer and pending is None,
    )


@cache
def _tracking_found():
    """Whether the claim ``:claim_id`` has a live match, an open conflict, a re-check date
    change and a pending re-check request: four EXISTS, each by an index, built once."""
    claim_id = bindparam("claim_id")
    live = ClaimMatch.removed_at.is_(None)
    open_ = ClaimConflict.status == ConflictStatus.open
    pending = RecheckRequest.status == RecheckRequestStatus.pending
    return sa_select(
        or_(
            exists().where(ClaimMatch.claim_id == claim_id, live),
            exists().where(ClaimMatch.other_id == claim_id, live),
        ),
        or_(
            exists().where(ClaimConflict.claim_id == claim_id, open_),
            exists().where(ClaimConflict.other_id == claim_id, open_),
        ),
        exists().where(RecheckChange.claim_id == claim_id),
        exists().where(RecheckRequest.claim_id == claim_id, pending),
    )


@dataclass(frozen=True)
class ClaimSimilar:
    claim: Claim
    similar: list[SimilarClaim]
    fact_checks: list[SimilarFactCheck]  # other publishers' reviews of the same claim
    may_link: bool


def claim_similar(
    session: Session, claim_id: int, viewer: User, limit: int = PANEL_SIMILAR
) -> ClaimSimilar:
    """The claims most like a claim, best first (see ``similar_claims``), the imported
    fact-checks most like it (``similar_fact_checks``), and whether
    ``viewer`` may confirm a match (reviewers). Errors: NotFoundError for an unknown claim."""
    claim = get_claim(session, claim_id)
    similar = similar_to_claim(session, claim.id, limit)
    fact_checks = similar_fact_checks_to_claim(session, claim.id, limit)
    return ClaimSimilar(claim, similar, fact_checks, viewer.has_role(Role.reviewer))


@dataclass(frozen=True)
class RecheckQueue:
    due: Page
    requests: list[PendingRequest]


def recheck_queue(session: Session, cursor: str | None = None, limit: int = 50) -> RecheckQueue:
    """Claims due for re-check (oldest update first) and the requests waiting for an editor."""
    due = list_claims(
        session,
        ClaimFilters(due=True),
        sort="updated",
        descending=False,
        cursor=cursor,
        limit=limit,
    )
    return RecheckQueue(due, pending_requests(session))
