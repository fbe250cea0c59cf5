"""A claim's history: the ordered story of what happened to it, by whom, with notes.

One view model serves the claim page, the API and the reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from factdb.models import (
    ClaimEvent,
    ClaimReanchor,
    ClaimStatus,
    EventAction,
    EvidenceChange,
    Publication,
    SourceRevision,
    Transition,
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


def _transition_summary(row: Transition) -> str:
    summary = f"{ClaimStatus(row.from_status).label} → {ClaimStatus(row.to_status).label}"
    return f"{summary} (rated {row.rating_label})" if row.rating_label else summary


def _assignee_id(event: ClaimEvent) -> int | None:
    if event.action != EventAction.assigned.value or not event.after:
        return None
    return json.loads(event.after).get("assignee_id")


def _event_summary(event: ClaimEvent, names: dict[int, str]) -> str:
    summary = EVENT_SUMMARIES[EventAction(event.action)]
    assignee = _assignee_id(event)
    return f"{summary} to {names.get(assignee, '?')}" if assignee else summary


def _evidence_entry(change: EvidenceChange) -> tuple[str, str, str | None]:
    """The action, summary and note of an edit or withdrawal of a citation or comment."""
    what = "citation" if change.citation_id is not None else "comment"
    verb = "edited" if change.action == "edited" else "withdrew"
    note = json.loads(change.after).get("note") if change.after else None
    return f"{what}_{change.action}", EVIDENCE_SUMMARIES[verb].format(what=what), note


def claim_history(session: Session, claim_id: int) -> list[HistoryEntry]:
    """Every transition, event, evidence change and publication decision of a claim, oldest
    first; an assignment names the assignee."""
    transitions = session.exec(select(Transition).where(Transition.claim_id == claim_id)).all()
    events = session.exec(select(ClaimEvent).where(ClaimEvent.claim_id == claim_id)).all()
    decisions = session.exec(select(Publication).where(Publication.claim_id == claim_id)).all()
    reanchors = session.exec(
        select(ClaimReanchor, SourceRevision.revision)
        .join(SourceRevision, SourceRevision.source_id == ClaimReanchor.to_source_id)
        .where(ClaimReanchor.claim_id == claim_id)
    ).all()
    changes = session.exec(select(EvidenceChange).where(EvidenceChange.claim_id == claim_id)).all()
    people = {row.actor_id for row in (*transitions, *events, *decisions, *changes)}
    people |= {who for row, _ in reanchors for who in (row.created_by_id, row.resolved_by_id)}
    names = people_names(session, people | {_assignee_id(e) for e in events} - {None})

    def entry(row, order: int, action: str, summary: str, **details) -> tuple:
        actor = names.get(row.actor_id, "?")
        found = HistoryEntry(row.created_at, row.actor_id, actor, action, summary, **details)
        return (row.created_at, order, row.id, found)

    entries = [
        entry(
            row,
            1,
            "transition",
            _transition_summary(row),
            from_status=row.from_status,
            to_status=row.to_status,
            note=row.note,
        )
        for row in transitions
    ]
    entries += [
        entry(row, 2, row.action, PUBLICATION_SUMMARIES[row.action], note=row.note)
        for row in decisions
    ]
    entries += [
        entry(
            row,
            0,
            row.action,
            _event_summary(row, names),
            note=row.note,
            before=json.loads(row.before) if row.before else None,
            after=json.loads(row.after) if row.after else None,
        )
        for row in events
    ]
    for row, number in reanchors:
        summary = REANCHOR_SUMMARIES[row.result].format(n=number)
        found = HistoryEntry(
            row.created_at,
            row.created_by_id,
            names.get(row.created_by_id, "?"),
            "reanchored",
            summary,
        )
        entries.append((row.created_at, 3, row.id, found))
        if row.resolved_at is not None:
            found = HistoryEntry(
                row.resolved_at,
                row.resolved_by_id,
                names.get(row.resolved_by_id, "?"),
                "reanchor_handled",
                f"marked the revision {number} flag handled",
                note=row.resolution_note,
            )
            entries.append((row.resolved_at, 3, row.id, found))
    for row in changes:
        action, summary, note = _evidence_entry(row)
        before = json.loads(row.before) if row.before else None
        after = json.loads(row.after) if row.after else None
        entries.append(entry(row, 3, action, summary, note=note, before=before, after=after))
    entries.sort(key=lambda item: item[:3])
    return [entry for *_, entry in entries]
