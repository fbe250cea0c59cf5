"""A claim's history: the ordered story of what happened to it, by whom, with notes.

One view model serves the claim page, the API and the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import bindparam, literal, null, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session

from factdb.models import ClaimEvent, ClaimStatus, EventAction, Publication, Transition, User
from factdb.timeutil import isoformat_utc

EVENT_SUMMARIES = {
    EventAction.created: "created the claim",
    EventAction.edited: "edited the claim",
    EventAction.citation_added: "added a citation",
    EventAction.comment_added: "commented",
    EventAction.assigned: "assigned the claim",
}
PUBLICATION_SUMMARIES = {
    "published": "published the verdict",
    "unpublished": "took the verdict off its public page",
    "withdrawn": "reopened a published verdict, which is taken off its public page",
}


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor_id: int
    actor: str
    action: str  # "transition" or an EventAction value
    summary: str
    from_status: str | None = None
    to_status: str | None = None
    note: str | None = None
    before: dict | None = None
    after: dict | None = None

    def to_dict(self) -> dict:
        # A shallow copy: asdict deep-copies ``before`` and ``after``, a fifth of the API's
        # claim detail, and nothing changes the dicts it returns.
        data = {name: getattr(self, name) for name in self.__dataclass_fields__}
        data["at"] = isoformat_utc(self.at)
        return data


def _transition_summary(row) -> str:
    summary = f"{ClaimStatus(row.from_status).label} → {ClaimStatus(row.to_status).label}"
    return f"{summary} (rated {row.rating_label})" if row.rating_label else summary


def _audit_rows(table, order: int, *, moves: bool = False, snapshots: bool = False):
    """One audit table's rows of a claim in the shape the history statement unites."""
    c = table.c
    missing = null()
    return sa_select(
        literal(order).label("ord"),
        c.id,
        c.created_at,
        c.actor_id,
        literal("transition").label("action") if moves else c.action,
        c.from_status if moves else missing,
        c.to_status if moves else missing,
        c.rating_label if moves else missing,
        c.note,
        c.before if snapshots else missing.label("before"),
        c.after if snapshots else missing.label("after"),
    )


@cache
def _history_statement():
    """Transitions, events and publication decisions of the claim ``:claim_id`` in one
    statement, with each actor's display name, in the order the page tells them (time, then
    events before moves before publication decisions made in the same instant, then id).
    Built once: building it costs more than running it."""
    claim_id = bindparam("claim_id")
    transitions, events = Transition.__table__, ClaimEvent.__table__
    decisions = Publication.__table__
    parts = union_all(
        _audit_rows(transitions, 1, moves=True).where(transitions.c.claim_id == claim_id),
        _audit_rows(events, 0, snapshots=True).where(events.c.claim_id == claim_id),
        _audit_rows(decisions, 2).where(decisions.c.claim_id == claim_id),
    ).subquery()
    actors = User.__table__
    return (
        sa_select(parts, actors.c.display_name)
        .outerjoin(actors, actors.c.id == parts.c.actor_id)
        .order_by(parts.c.created_at, parts.c.ord, parts.c.id)
    )


def _entry(row) -> HistoryEntry:
    actor = row.display_name if row.display_name is not None else "?"
    if row.ord == 1:
        return HistoryEntry(
            row.created_at,
            row.actor_id,
            actor,
            "transition",
            _transition_summary(row),
            from_status=row.from_status,
            to_status=row.to_status,
            note=row.note,
        )
    if row.ord == 2:
        summary = PUBLICATION_SUMMARIES[row.action]
        return HistoryEntry(row.created_at, row.actor_id, actor, row.action, summary, note=row.note)
    return HistoryEntry(
        row.created_at,
        row.actor_id,
        actor,
        row.action,
        EVENT_SUMMARIES[EventAction(row.action)],
        note=row.note,
        before=json.loads(row.before) if row.before else None,
        after=json.loads(row.after) if row.after else None,
    )


def claim_history(session: Session, claim_id: int) -> list[HistoryEntry]:
    """Every transition, event and publication decision of a claim, oldest first.

    One statement (the three audit tables united, joined to their actors' names)."""
    rows = session.connection().execute(_history_statement(), {"claim_id": claim_id})
    return [_entry(row) for row in rows]
