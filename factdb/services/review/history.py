"""A claim's history: the ordered story of what happened to it, by whom, with notes.

One view model serves the claim page, the API and the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import String, bindparam, case, cast, literal, null, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session

from factdb.db import direct_rows
from factdb.models import (
    ClaimEvent,
    ClaimReanchor,
    ClaimStatus,
    EventAction,
    EvidenceChange,
    Publication,
    SourceRevision,
    Transition,
    User,
)
from factdb.services.accounts.directory import people_names
from factdb.timeutil import isoformat_utc

EVENT_SUMMARIES = {
    EventAction.created: "created the claim",
    EventAction.edited: "edited the claim",
    EventAction.citation_added: "added a citation",
    EventAction.comment_added: "commented",
    EventAction.assigned: "assigned the claim",
}
EVIDENCE_SUMMARIES = {"edited": "edited a {what}", "withdrew": "withdrew a {what}"}
PUBLICATION_SUMMARIES = {
    "published": "published the verdict",
    "unpublished": "took the verdict off its public page",
    "withdrawn": "reopened a published verdict, which is taken off its public page",
}

# Re-anchoring when the source is revised (sources/revisions.py): never a content edit.
REANCHOR_SUMMARIES = {
    "moved": "re-anchored on revision {n} of the source",
    "changed": "flagged: the quote reads differently in revision {n} of the source",
    "gone": "flagged: the quote is gone from revision {n} of the source",
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
        c.from_status if moves else missing.label("from_status"),
        c.to_status if moves else missing.label("to_status"),
        c.rating_label if moves else missing.label("rating_label"),
        c.note if "note" in c else missing.label("note"),
        c.before if snapshots else missing.label("before"),
        c.after if snapshots else missing.label("after"),
        missing.label("detail"),
    )


def _evidence_rows(claim_id):
    """Edits and withdrawals of citations and comments; ``detail`` says which of the two."""
    c = EvidenceChange.__table__.c
    what = case((c.citation_id.is_not(None), literal("citation")), else_=literal("comment"))
    return sa_select(
        literal(3).label("ord"),
        c.id,
        c.created_at,
        c.actor_id,
        c.action,
        null().label("from_status"),
        null().label("to_status"),
        null().label("rating_label"),
        null().label("note"),
        c.before,
        c.after,
        what.label("detail"),
    ).where(c.claim_id == claim_id)


def _reanchor_rows(claim_id, *, handled: bool):
    """Re-anchoring on a revised source (``from_status`` carries the result, ``detail`` the
    revision number), or a reviewer marking its flag handled."""
    c = ClaimReanchor.__table__.c
    revision = (
        sa_select(SourceRevision.__table__.c.revision)
        .where(SourceRevision.__table__.c.source_id == c.to_source_id)
        .scalar_subquery()
    )
    found = sa_select(
        literal(4).label("ord"),
        c.id,
        c.resolved_at if handled else c.created_at,
        c.resolved_by_id if handled else c.created_by_id,
        literal("reanchor_handled" if handled else "reanchored").label("action"),
        c.result,
        null().label("to_status"),
        null().label("rating_label"),
        c.resolution_note if handled else null().label("note"),
        null().label("before"),
        null().label("after"),
        cast(revision, String).label("detail"),
    ).where(c.claim_id == claim_id)
    return found.where(c.resolved_at.is_not(None)) if handled else found


@cache
def _history_statement():
    """Everything that happened to the claim ``:claim_id`` in one statement, with each actor's
    display name, in the order the page tells them (time, then events before moves before
    publication decisions before evidence changes and re-anchoring made in the same instant,
    then id). Built once: building it costs more than running it."""
    claim_id = bindparam("claim_id")
    transitions, events = Transition.__table__, ClaimEvent.__table__
    decisions = Publication.__table__
    parts = union_all(
        _audit_rows(transitions, 1, moves=True).where(transitions.c.claim_id == claim_id),
        _audit_rows(events, 0, snapshots=True).where(events.c.claim_id == claim_id),
        _audit_rows(decisions, 2).where(decisions.c.claim_id == claim_id),
        _evidence_rows(claim_id),
        _reanchor_rows(claim_id, handled=False),
        _reanchor_rows(claim_id, handled=True),
    ).subquery()
    actors = User.__table__
    return (
        sa_select(parts, actors.c.display_name)
        .outerjoin(actors, actors.c.id == parts.c.actor_id)
        .order_by(parts.c.created_at, parts.c.ord, parts.c.id)
    )


def _json(text: str | None) -> dict | None:
    return json.loads(text) if text else None


def _entry(row, names: dict[int, str]) -> HistoryEntry:
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
    if row.ord == 3:
        verb = "edited" if row.action == "edited" else "withdrew"
        after = _json(row.after)
        summary = EVIDENCE_SUMMARIES[verb].format(what=row.detail)
        return HistoryEntry(
            row.created_at,
            row.actor_id,
            actor,
            f"{row.detail}_{row.action}",
            summary,
            note=(after or {}).get("note"),
            before=_json(row.before),
            after=after,
        )
    if row.ord == 4:
        if row.action == "reanchor_handled":
            summary = f"marked the revision {row.detail} flag handled"
        else:
            summary = REANCHOR_SUMMARIES[row.from_status].format(n=row.detail)
        return HistoryEntry(row.created_at, row.actor_id, actor, row.action, summary, note=row.note)
    after = _json(row.after)
    summary = EVENT_SUMMARIES[EventAction(row.action)]
    assignee = _assignee_id(row.action, after)
    if assignee:
        summary = f"{summary} to {names.get(assignee, '?')}"
    return HistoryEntry(
        row.created_at,
        row.actor_id,
        actor,
        row.action,
        summary,
        note=row.note,
        before=_json(row.before),
        after=after,
    )


def _assignee_id(action: str, after: dict | None) -> int | None:
    if action != EventAction.assigned.value or not after:
        return None
    return after.get("assignee_id")


def claim_history(session: Session, claim_id: int) -> list[HistoryEntry]:
    """Every transition, event, evidence change, re-anchoring and publication decision of a
    claim, oldest first; an assignment names the assignee.

    One statement (the audit tables united, joined to their actors' names), and one more for
    the assignees' names when the claim was assigned."""
    rows = direct_rows(session, _history_statement(), {"claim_id": claim_id})
    assignees = {_assignee_id(row.action, _json(row.after)) for row in rows if row.ord == 0} - {
        None
    }
    names = people_names(session, assignees) if assignees else {}
    return [_entry(row, names) for row in rows]
