"""The dashboard read: my queue, waiting for review, sent back to me, recently decided."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from factdb.models import ClaimStatus, User
from factdb.services.review.workflow import status_counts
from factdb.services.search.listing import ClaimFilters, ClaimListItem, list_claims

PANEL_SIZE = 10
VERDICTS = [s.value for s in ClaimStatus if s.is_verdict]


@dataclass(frozen=True)
class Dashboard:
    queue: list[ClaimListItem]  # in review, assigned to me
    waiting: list[ClaimListItem]  # submitted, oldest first
    sent_back: list[ClaimListItem]  # my drafts a reviewer sent back
    decided: list[ClaimListItem]  # the newest verdicts
    counts: dict[str, int]  # claims per status


def dashboard(session: Session, viewer: User, *, size: int = PANEL_SIZE) -> Dashboard:
    """The four panels of ``viewer``'s dashboard, ``size`` claims each, and the status counts.

    Rules: "sent back to me" is every draft of mine that went in review → draft at least once,
    most recently updated first, found in one bounded query whatever the number of drafts.
    """
    draft, in_review = ClaimStatus.draft.value, ClaimStatus.in_review.value
    return Dashboard(
        queue=list_claims(
            session, ClaimFilters(statuses=[in_review], assignee_id=viewer.id), limit=size
        ).items,
        waiting=list_claims(
            session,
            ClaimFilters(statuses=[ClaimStatus.submitted.value]),
            sort="updated",
            descending=False,
            limit=size,
        ).items,
        sent_back=list_claims(
            session,
            ClaimFilters(statuses=[draft], created_by_id=viewer.id, sent_back=True),
            sort="updated",
            limit=size,
        ).items,
        decided=list_claims(session, ClaimFilters(statuses=VERDICTS), limit=size).items,
        counts=status_counts(session),
    )
