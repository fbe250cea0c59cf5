"""The dashboard read: my queue, waiting for review, due for re-check, sent back to me,
recently decided, progress per source, and how many claims each queue holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import Claim, ClaimStatus, Role, Source, Transition, User
from factdb.services.review.workflow import status_counts
from factdb.services.search.counting import ClaimCount, count_claims
from factdb.services.search.listing import ClaimFilters, ClaimListItem, list_claims, none_due
from factdb.timeutil import utcnow

PANEL_SIZE = 8
DUE_SIZE = 5
PROGRESS_SOURCES = 5
# How many recently updated claims are looked at to find the sources being worked on.
RECENT_CLAIMS = 200
VERDICTS = [s.value for s in ClaimStatus if s.is_verdict]


@dataclass(frozen=True)
class SourceProgress:
    source_id: int
    title: str
    counts: dict[str, int]  # claims per status, statuses with none left out
    total: int
    decided: int  # claims with a verdict


@dataclass(frozen=True)
class Dashboard:
    queue: list[ClaimListItem]  # in review, assigned to me
    waiting: list[ClaimListItem]  # submitted, oldest first; to reviewers, those they may take
    due: list[ClaimListItem]  # decided and past the re-check date, longest untouched first
    sent_back: list[ClaimListItem]  # my drafts a reviewer sent back
    decided: list[ClaimListItem]  # the newest verdicts
    sizes: dict[str, ClaimCount]  # how many claims each of the panels above holds
    sent_back_notes: dict[int, str]  # claim id: the reviewer's note when sending it back
    progress: list[SourceProgress]  # the sources most recently worked on
    counts: dict[str, int]  # claims per status
    now: datetime  # when it was read (rows show their age)


def _panels(viewer: User) -> dict[str, tuple[ClaimFilters, dict]]:
    """Panel name: its filters and its order."""
    draft, in_review = ClaimStatus.draft.value, ClaimStatus.in_review.value
    oldest_first = {"sort": "updated", "descending": False}
    # A claim an editor assigned to someone else is not in a reviewer's work: only editors
    # may take it from its assignee (see workflow.check_party).
    open_to = None if viewer.has_role(Role.editor) else viewer.id
    return {
        "queue": (ClaimFilters(statuses=[in_review], assignee_id=viewer.id), {}),
        "waiting": (
            ClaimFilters(statuses=[ClaimStatus.submitted.value], open_to_id=open_to),
            oldest_first,
        ),
        "due": (ClaimFilters(due=True), oldest_first),
        "sent_back": (
            ClaimFilters(statuses=[draft], created_by_id=viewer.id, sent_back=True),
            {"sort": "updated"},
        ),
        "decided": (ClaimFilters(statuses=VERDICTS), {}),
    }


def sent_back_notes(session: Session, claim_ids: list[int]) -> dict[int, str]:
    """The note of the latest in review → draft move of each claim (claims without one are
    left out)."""
    if not claim_ids:
        return {}
    rows = session.exec(
        select(Transition.claim_id, Transition.note)
        .where(
            Transition.claim_id.in_(claim_ids),
            Transition.from_status == ClaimStatus.in_review.value,
            Transition.to_status == ClaimStatus.draft.value,
        )
        .order_by(Transition.id)
    ).all()
    return {claim_id: note for claim_id, note in rows if note}


def source_progress(session: Session, limit: int = PROGRESS_SOURCES) -> list[SourceProgress]:
    """Claims by status for the ``limit`` sources whose claims changed most recently.

    Rules: the sources are found among the ``RECENT_CLAIMS`` most recently updated claims
    (one read of the updated-at index), so the cost does not grow with the number of claims.
    """
    recent = session.exec(
        select(Claim.source_id)
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
        .limit(RECENT_CLAIMS)
    ).all()
    source_ids = list(dict.fromkeys(recent))[:limit]
    if not source_ids:
        return []
    titles = dict(
        session.exec(select(Source.id, Source.title).where(Source.id.in_(source_ids))).all()
    )
    rows = session.exec(
        select(Claim.source_id, Claim.status, func.count())
        .where(Claim.source_id.in_(source_ids))
        .group_by(Claim.source_id, Claim.status)
    ).all()
    counts: dict[int, dict[str, int]] = {i: {} for i in source_ids}
    for source_id, status, n in rows:
        counts[source_id][status] = n
    order = [s.value for s in ClaimStatus]
    progress = []
    for source_id in source_ids:
        by_status = {s: counts[source_id][s] for s in order if s in counts[source_id]}
        decided = sum(n for s, n in by_status.items() if s in VERDICTS)
        total = sum(by_status.values())
        progress.append(SourceProgress(source_id, titles[source_id], by_status, total, decided))
    return progress


def dashboard(session: Session, viewer: User, *, size: int = PANEL_SIZE) -> Dashboard:
    """``viewer``'s dashboard: each panel's first ``size`` claims (``DUE_SIZE`` of the due
    ones) and how many it holds, the sent-back notes, progress per source, status counts.

    Rules: "waiting for review" and "due for re-check" list the oldest first; "waiting for
    review" leaves out, except for editors, the claims assigned to someone else; "sent back to
    me" is every draft of mine that went in review → draft at least once, most recently
    updated first; each panel is one bounded query and its size a bounded count (see
    ``count_claims``), whatever the number of claims.
    """
    items, sizes = {}, {}
    for name, (filters, order) in _panels(viewer).items():
        if name == "due" and none_due(session):
            items[name], sizes[name] = [], ClaimCount(0, False)
            continue
        limit = DUE_SIZE if name == "due" else size
        items[name] = list_claims(session, filters, limit=limit, **order).items
        sizes[name] = count_claims(session, filters)
    return Dashboard(
        **items,
        sizes=sizes,
        sent_back_notes=sent_back_notes(session, [i.claim.id for i in items["sent_back"]]),
        progress=source_progress(session),
        counts=status_counts(session),
        now=utcnow(),
    )
