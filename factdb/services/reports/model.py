"""The one internal representation of a report: a header and a stream of claim records.

Every format (HTML, PDF, Markdown, CSV, JSON, ClaimReview) is written from these dicts. Claims
are read in keyset batches ordered by (source, excerpt position, id), so a report of any size
runs in flat memory and the same data always gives the same order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import Claim, ClaimKind, ClaimStatus, ConflictStatus
from factdb.models.claims import VERDICTS
from factdb.services.errors import ValidationError
from factdb.services.reports.reading import (
    ID,
    RATING_START,
    SOURCE_ID,
    SPEAKER,
    VALUE_START,
    ClaimValue,
    Related,
    claim_batches,
    related_rows,
)
from factdb.services.review.organizations import find_organization
from factdb.services.review.values import format_value, value_dict
from factdb.services.sources.pages import page_of
from factdb.timeutil import isoformat_utc

SCHEMA_VERSION = "1.1"
VERDICT_VALUES = frozenset(s.value for s in VERDICTS)
SUBMITTED = ClaimStatus.submitted.value
DISMISSED = ConflictStatus.dismissed.value
RETRACTED, IN_REVIEW, DRAFT = (
    s.value for s in (ClaimStatus.retracted, ClaimStatus.in_review, ClaimStatus.draft)
)
# The short history of a report: created, submitted, and the verdict.
HISTORY_STATUSES = frozenset({SUBMITTED, *VERDICT_VALUES})
VALUE_MEMO = 10_000


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
    rating: str | None = None  # a rating label, matched case-insensitively

    def describe(self) -> dict:
        """The filter as it appears in every report (JSON-friendly)."""
        return {
            "statuses": list(self.statuses),
            "source_id": self.source_id,
            "organization_id": self.organization_id,
            "kind": self.kind,
            "decided_from": self.decided_from.isoformat() if self.decided_from else None,
            "decided_to": self.decided_to.isoformat() if self.decided_to else None,
            "rating": self.rating,
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


def claim_conditions(filters: ReportFilter) -> list:
    """SQL conditions for everything but the statuses (each status is read on its own)."""
    conditions = []
    if filters.source_id is not None:
        conditions.append(Claim.source_id == filters.source_id)
    if filters.organization_id is not None:
        conditions.append(Claim.organization_id == filters.organization_id)
    if filters.kind:
        conditions.append(Claim.kind == filters.kind)
    if filters.rating:
        conditions.append(func.lower(Claim.rating_label) == filters.rating.casefold())
    if filters.decided_from:
        start = datetime.combine(filters.decided_from, time.min, tzinfo=UTC)
        conditions.append(Claim.decided_at >= start)
    if filters.decided_to:
        end = datetime.combine(filters.decided_to + timedelta(days=1), time.min, tzinfo=UTC)
        conditions.append(Claim.decided_at < end)
    return conditions


def matching(filters: ReportFilter) -> list:
    """The SQL conditions of the claims a report with ``filters`` holds: its statuses and
    its other filters."""
    return [Claim.status.in_(filters.statuses), *claim_conditions(filters)]


def report_total(session: Session, filters: ReportFilter) -> int:
    """How many claims match ``filters``: the CSV report's count, which has no header (one
    count from the status index, not the header's counts per status and kind)."""
    return session.exec(select(func.count()).where(*matching(filters))).one()


def report_header(
    session: Session, filters: ReportFilter, generated_by: str | None, now: datetime
) -> dict:
    """Title, filter, generation time and author, and counts per status and kind."""
    rows = session.exec(
        select(Claim.status, Claim.kind, func.count())
        .where(*matching(filters))
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


def iter_claim_records(session: Session, filters: ReportFilter) -> Iterator[dict]:
    """Every matching claim as a report record, in (source, position, id) order.

    Claims are read a batch at a time with one query per related table for each batch
    (see reading.py): memory stays flat and time grows linearly.
    """
    return records_where(session, claim_conditions(filters), filters.statuses)


def records_where(session: Session, conditions: list, statuses: list[str]) -> Iterator[dict]:
    """The report records of the claims matching SQL ``conditions`` in any of ``statuses``
    (any status if empty), in report order."""
    connection = session.connection()
    values: dict[tuple, tuple[dict, str]] = {}
    for claims in claim_batches(connection, conditions, statuses):
        yield from _records(claims, related_rows(connection, claims), values)


def _records(claims: list[tuple], related: Related, values: dict) -> Iterator[dict]:
    sources = {
        source_id: {
            "id": source_id,
            "published": _day(published),
            "publisher": publisher,
            "sha256": sha256,
            "title": title,
            "url": url,
        }
        for source_id, title, publisher, url, published, sha256, _ in related.sources
    }
    pages = {row[0]: row[6] for row in related.sources if row[6]}
    citations: dict[int, list[dict]] = defaultdict(list)
    for claim_id, url, title, publisher, published, accessed, stance, quote in related.citations:
        citations[claim_id].append(
            {
                "accessed": _day(accessed),
                "published": _day(published),
                "publisher": publisher,
                "quote": quote,
                "stance": stance,
                "title": title,
                "url": url,
            }
        )
    history = _history_events(related.transitions, related.names)
    corrections = _corrections(related.transitions, related.names)
    conflicts: dict[int, list[dict]] = defaultdict(list)
    for claim_id, other_id, reason, status, note in related.conflicts:
        conflicts[claim_id].append(
            {"claim_id": other_id, "dismissed": status == DISMISSED, "note": note, "reason": reason}
        )
    for claim in claims:
        claim_id = claim[ID]
        record = _record(
            claim,
            sources,
            (
                citations.get(claim_id, []),
                corrections.get(claim_id, []),
                conflicts.get(claim_id, []),
            ),
            related,
            history,
            values,
        )
        excerpt = record["excerpt"]
        excerpt["page"] = page_of(pages.get(claim[SOURCE_ID]), excerpt["start"])
        yield record


def _history_events(transitions: list[tuple], names: dict[int, str]) -> dict[tuple, dict]:
    """{(claim id, status): event} for a claim's first move to submitted and its last move
    to each verdict status: the transitions a report's short history shows."""
    events: dict[tuple, dict] = {}
    for claim_id, _, status, actor_id, at, note in transitions:
        if status not in HISTORY_STATUSES or (status == SUBMITTED and (claim_id, status) in events):
            continue  # the first submission stays
        events[claim_id, status] = {
            "actor": names.get(actor_id),
            "at": at,
            "event": status,
            "note": note,
        }
    return events


def correction_event(from_status: str, to_status: str, had_verdict: bool) -> str | None:
    """What a move corrects, or None for a move of the ordinary review: a retraction, a
    restored retraction, a verdict reopened, a claim sent back, a verdict given again."""
    if to_status == RETRACTED:
        return "retracted"
    if from_status == RETRACTED:
        return "restored"
    if from_status in VERDICT_VALUES:
        return "reopened"
    if from_status == IN_REVIEW and to_status == DRAFT:
        return "sent_back"
    if to_status in VERDICT_VALUES and had_verdict:
        return "rechecked"
    return None


def _corrections(transitions: list[tuple], names: dict[int, str]) -> dict[int, list[dict]]:
    """{claim id: its corrections, oldest first} from a batch's transitions (by claim, in
    the order they were made)."""
    corrections: dict[int, list[dict]] = defaultdict(list)
    had_verdict: set[int] = set()
    for claim_id, from_status, to_status, actor_id, at, note in transitions:
        event = correction_event(from_status, to_status, claim_id in had_verdict)
        if to_status in VERDICT_VALUES:
            had_verdict.add(claim_id)
        if event is not None:
            corrections[claim_id].append(
                {
                    "actor": names.get(actor_id),
                    "at": at,
                    "event": event,
                    "from": from_status,
                    "note": note,
                    "to": to_status,
                }
            )
    return corrections


def _rating(columns: tuple) -> dict | None:
    """The rating stored with a verdict, as given then (None when it has none)."""
    label, value, best, worst = columns
    if label is None:
        return None
    return {"best": best, "label": label, "value": value, "worst": worst}


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _value(value: tuple, values: dict[tuple, tuple[dict, str]]) -> tuple[dict, str]:
    """A claim value's dict and words, from its (kind, value columns).

    Claims share values (a year, a percentage, a round figure), and formatting decimals and
    dates was a tenth of a report's time: each value is formatted once per report, up to
    VALUE_MEMO of them at a time. Equal values always format alike (decimals normalized).
    """
    found = values.get(value)
    if found is None:
        if len(values) >= VALUE_MEMO:
            values.clear()
        claim_value = ClaimValue._make(value)
        found = (dict(sorted(value_dict(claim_value).items())), format_value(claim_value))
        values[value] = found
    return found


def _record(
    claim: tuple,
    sources: dict[int, dict],
    evidence: tuple[list[dict], list[dict], list[dict]],
    related: Related,
    history_events: dict[tuple, dict],
    values: dict,
) -> dict:
    """One claim's record. Every dict is built with its keys in sorted order, the order the
    JSON writer writes them in; claims share their source's dict and equal values' dict."""
    (
        source_id,
        start,
        claim_id,
        status,
        text,
        organization_id,
        created_by_id,
        created_at,
        end,
        exact,
        prefix,
        suffix,
        as_of,
    ) = claim[:RATING_START]
    value, value_text = _value(claim[VALUE_START:], values)
    citations, corrections, conflicts = evidence
    history = [
        {
            "actor": related.names.get(created_by_id),
            "at": created_at,
            "event": "created",
            "note": None,
        }
    ]
    submitted = history_events.get((claim_id, SUBMITTED))
    if submitted is not None:
        history.append(submitted)
    verdict = None
    if status in VERDICT_VALUES and (claim_id, status) in history_events:
        decision = history_events[claim_id, status]
        history.append(decision)
        verdict = {
            "at": decision["at"],
            "by": decision["actor"],
            "note": decision["note"],
            "rating": _rating(claim[RATING_START:VALUE_START]),
            "status": status,
        }
    return {
        "as_of": _day(as_of),
        "citations": citations,
        "conflicts": conflicts,
        "corrections": corrections,
        # "page" (of a PDF source) is filled in by _records; the keys stay in sorted order.
        "excerpt": {
            "end": end,
            "exact": exact,
            "page": None,
            "prefix": prefix,
            "start": start,
            "suffix": suffix,
        },
        "history": history,
        "id": claim_id,
        "kind": claim[VALUE_START],
        "organization": related.organizations.get(organization_id),
        "source": sources[source_id],
        "speaker": claim[SPEAKER],
        "status": status,
        "text": text,
        "value": value,
        "value_text": value_text,
        "verdict": verdict,
    }
