"""The one internal representation of a report: a header and a stream of claim records.

Every format (HTML, PDF, Markdown, CSV, JSON, ClaimReview) is written from these dicts. Claims
are read in keyset batches ordered by (source, excerpt position, id), so a report of any size
runs in flat memory and the same data always gives the same order.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, tuple_
from sqlmodel import Session, select

from factdb.models import (
    Citation,
    Claim,
    ClaimKind,
    ClaimStatus,
    Organization,
    Source,
    Transition,
    User,
)
from factdb.models.claims import VERDICTS
from factdb.services.errors import ValidationError
from factdb.services.organizations import find_organization
from factdb.services.values import format_value, value_dict
from factdb.timeutil import isoformat_utc

SCHEMA_VERSION = "1.0"
VERDICT_VALUES = frozenset(s.value for s in VERDICTS)
BATCH = 1000


@dataclass
class ReportFilter:
    statuses: list[str] = field(default_factory=lambda: [ClaimStatus.verified.value])
    source_id: int | None = None
    organization: str | None = None  # a name or alias, resolved to organization_id
    organization_id: int | None = None
    kind: str | None = None
    decided_from: date | None = None
    decided_to: date | None = None
    title: str | None = None

    def describe(self) -> dict:
        """The filter as it appears in every report (JSON-friendly)."""
        return {
            "statuses": list(self.statuses),
            "source_id": self.source_id,
            "organization_id": self.organization_id,
            "kind": self.kind,
            "decided_from": self.decided_from.isoformat() if self.decided_from else None,
            "decided_to": self.decided_to.isoformat() if self.decided_to else None,
        }

    def default_title(self) -> str:
        labels = [ClaimStatus(s).label for s in self.statuses] or ["all"]
        words = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
        return f"Report of {words} claims"


def resolve_filter(session: Session, filters: ReportFilter) -> ReportFilter:
    """Check the filter and resolve an organization name to its id."""
    for status in filters.statuses:
        if status not in ClaimStatus.__members__:
            raise ValidationError(f"Unknown status {status!r}.", {"status": "unknown"})
    if filters.kind and filters.kind not in ClaimKind.__members__:
        raise ValidationError(f"Unknown kind {filters.kind!r}.", {"kind": "unknown"})
    if filters.organization and filters.organization_id is None:
        found = find_organization(session, filters.organization)
        if found is None:
            raise ValidationError(
                f"No organization is called {filters.organization!r}.", {"organization": "unknown"}
            )
        filters.organization_id = found.id
    if filters.decided_from and filters.decided_to and filters.decided_from > filters.decided_to:
        raise ValidationError("The verdict date range ends before it starts.", {"to": "before"})
    return filters


def _conditions(filters: ReportFilter) -> list:
    """SQL conditions for everything but the statuses (each status is read on its own)."""
    conditions = []
    if filters.source_id is not None:
        conditions.append(Claim.source_id == filters.source_id)
    if filters.organization_id is not None:
        conditions.append(Claim.organization_id == filters.organization_id)
    if filters.kind:
        conditions.append(Claim.kind == filters.kind)
    if filters.decided_from:
        start = datetime.combine(filters.decided_from, time.min, tzinfo=UTC)
        conditions.append(Claim.decided_at >= start)
    if filters.decided_to:
        end = datetime.combine(filters.decided_to + timedelta(days=1), time.min, tzinfo=UTC)
        conditions.append(Claim.decided_at < end)
    return conditions


def report_header(
    session: Session, filters: ReportFilter, generated_by: str | None, now: datetime
) -> dict:
    """Title, filter, generation time and author, and counts per status and kind."""
    rows = session.exec(
        select(Claim.status, Claim.kind, func.count())
        .where(Claim.status.in_(filters.statuses), *_conditions(filters))
        .group_by(Claim.status, Claim.kind)
    ).all()
    by_status: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    for status, kind, count in rows:
        by_status[status] += count
        by_kind[kind] += count
    return {
        "schema_version": SCHEMA_VERSION,
        "title": filters.title or filters.default_title(),
        "filter": filters.describe(),
        "generated_at": isoformat_utc(now),
        "generated_by": generated_by,
        "counts": {
            "total": sum(by_status.values()),
            "status": dict(sorted(by_status.items())),
            "kind": dict(sorted(by_kind.items())),
        },
    }


CLAIM_COLUMNS = Claim.__table__.c
CITATION_COLUMNS = [
    Citation.__table__.c[name]
    for name in (
        "claim_id",
        "url",
        "title",
        "publisher",
        "published",
        "accessed",
        "stance",
        "quote",
    )
]
# The short history of a report: created, submitted, and the verdict.
HISTORY_STATUSES = ("submitted", "verified", "refuted", "unverifiable")
TRANSITION_COLUMNS = [Transition.__table__.c[name] for name in (
    "claim_id", "to_status", "actor_id", "created_at", "note")]  # fmt: skip


def _claims_of_status(connection, filters: ReportFilter, status: str | None) -> Iterator:
    """Claims of one status (or any, for None) in report order, in keyset batches that
    walk the (status, source, position, id) index."""
    last = None
    while True:
        query = select(*CLAIM_COLUMNS).where(*_conditions(filters))
        if status is not None:
            query = query.where(Claim.status == status)
        if last is not None:
            query = query.where(tuple_(Claim.source_id, Claim.excerpt_start, Claim.id) > last)
        rows = connection.execute(
            query.order_by(Claim.source_id, Claim.excerpt_start, Claim.id).limit(BATCH)
        ).all()
        yield from rows
        if len(rows) < BATCH:
            return
        last = (rows[-1].source_id, rows[-1].excerpt_start, rows[-1].id)


def iter_claim_records(session: Session, filters: ReportFilter) -> Iterator[dict]:
    """Every matching claim as a report record, in (source, position, id) order.

    Each status is read in index order and the streams are merged, so no batch ever sorts
    the rest of the table; rows are plain tuples (no ORM objects), 1000 at a time, with one
    query per batch for each related table: memory stays flat and time grows linearly.
    """
    connection = session.connection()
    streams = [_claims_of_status(connection, filters, s) for s in filters.statuses or [None]]
    merged = (
        streams[0]
        if len(streams) == 1
        else heapq.merge(*streams, key=lambda row: (row.source_id, row.excerpt_start, row.id))
    )
    batch: list = []
    for row in merged:
        batch.append(row)
        if len(batch) == BATCH:
            yield from _records(connection, batch)
            batch = []
    if batch:
        yield from _records(connection, batch)


def _grouped(session, columns, claim_ids: list[int], order, to_statuses=None) -> dict:
    query = select(*columns).where(columns[0].in_(claim_ids))
    if to_statuses:
        query = query.where(Transition.to_status.in_(to_statuses))
    grouped = defaultdict(list)
    for row in session.execute(query.order_by(order)):
        grouped[row.claim_id].append(row)
    return grouped


def _records(session, claims: list) -> Iterator[dict]:
    ids = [c.id for c in claims]
    sources = {
        row.id: row
        for row in session.execute(
            select(
                Source.id, Source.title, Source.publisher, Source.url, Source.published,
                Source.sha256,
            ).where(Source.id.in_({c.source_id for c in claims}))
        )
    }  # fmt: skip
    org_ids = {c.organization_id for c in claims if c.organization_id}
    orgs = dict(
        session.execute(
            select(Organization.id, Organization.name).where(Organization.id.in_(org_ids))
        ).all()
    )
    citations = _grouped(session, CITATION_COLUMNS, ids, Citation.id)
    transitions = _grouped(session, TRANSITION_COLUMNS, ids, Transition.id, HISTORY_STATUSES)
    user_ids = {c.created_by_id for c in claims} | {
        t.actor_id for rows in transitions.values() for t in rows
    }
    names = dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all()
    )
    for claim in claims:
        yield _record(
            claim, sources[claim.source_id], orgs.get(claim.organization_id),
            citations[claim.id], transitions[claim.id], names,
        )  # fmt: skip


def _day(value) -> str | None:
    return value.isoformat() if value else None


def _record(claim, source, organization, citations, transitions, names) -> dict:
    verdict_row = next((t for t in reversed(transitions) if t.to_status == claim.status), None)
    is_verdict = claim.status in VERDICT_VALUES and verdict_row is not None
    history = [{"at": isoformat_utc(claim.created_at), "event": "created",
                "actor": names.get(claim.created_by_id), "note": None}]  # fmt: skip
    submitted = next((t for t in transitions if t.to_status == ClaimStatus.submitted), None)
    for row, event in ((submitted, "submitted"), (verdict_row if is_verdict else None, None)):
        if row is not None:
            history.append(
                {"at": isoformat_utc(row.created_at), "event": event or row.to_status,
                 "actor": names.get(row.actor_id), "note": row.note}
            )  # fmt: skip
    return {
        "id": claim.id,
        "text": claim.text,
        "kind": claim.kind,
        "status": claim.status,
        "value": value_dict(claim),
        "value_text": format_value(claim),
        "organization": organization,
        "speaker": claim.speaker,
        "source": {
            "id": source.id, "title": source.title, "publisher": source.publisher,
            "url": source.url, "published": _day(source.published), "sha256": source.sha256,
        },
        "excerpt": {
            "start": claim.excerpt_start, "end": claim.excerpt_end, "exact": claim.excerpt_exact,
            "prefix": claim.excerpt_prefix, "suffix": claim.excerpt_suffix,
        },
        "verdict": {
            "status": claim.status, "by": names.get(verdict_row.actor_id),
            "at": isoformat_utc(verdict_row.created_at), "note": verdict_row.note,
        } if is_verdict else None,
        "citations": [
            {"url": c.url, "title": c.title, "publisher": c.publisher,
             "published": _day(c.published), "accessed": _day(c.accessed),
             "stance": c.stance, "quote": c.quote}
            for c in citations
        ],
        "history": history,
    }  # fmt: skip
