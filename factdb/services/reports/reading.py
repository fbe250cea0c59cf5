"""What a report reads: the matching claims in report order, a batch at a time, and for each
batch the rows it refers to, one query per table whatever the batch holds.

Plain Core selects whose rows become plain tuples (no ORM objects); the database formats
timestamps; each query binds a batch's ids as one list (one array on PostgreSQL). On 100,000
claims the time went to converting and holding rows in Python, not to the queries.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import islice
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Integer,
    Select,
    any_,
    bindparam,
    or_,
    select,
    tuple_,
)

from factdb.models import (
    Citation,
    Claim,
    ClaimConflict,
    Organization,
    Source,
    Transition,
    User,
)
from factdb.models.base import iso_utc

BATCH = 1000


class ClaimValue(NamedTuple):
    """A claim's kind and typed value columns, as ``value_dict`` and ``format_value`` read them."""

    kind: str
    date_value: date | None
    date_precision: str | None
    date_end: date | None
    amount: Decimal | None
    unit: str | None
    lower: Decimal | None
    upper: Decimal | None
    approximate: bool
    speaker: str | None
    said_on: date | None


# The claim columns a report reads, in the order of a claim row's tuple: the report order
# (the keyset) first, the value (a ClaimValue) last. Rows are plain tuples of plain values,
# which the garbage collector stops tracking at once: a batch's rows and the named tuples
# or result rows that held them made most of its full collections.
CLAIM_FIELDS = (
    "source_id",
    "excerpt_start",
    "id",
    "status",
    "text",
    "organization_id",
    "created_by_id",
    "created_at",
    "excerpt_end",
    "excerpt_exact",
    "excerpt_prefix",
    "excerpt_suffix",
    "as_of",
    "rating_label",
    "rating_value",
    "rating_best",
    "rating_worst",
    *ClaimValue._fields,
)
VALUE_START = CLAIM_FIELDS.index("kind")
RATING_START = CLAIM_FIELDS.index("rating_label")
SOURCE_ID, ID, ORGANIZATION_ID, CREATED_BY_ID, SPEAKER = (
    CLAIM_FIELDS.index(name)
    for name in ("source_id", "id", "organization_id", "created_by_id", "speaker")
)
CLAIM_COLUMNS = [
    iso_utc(Claim.created_at).label(name) if name == "created_at" else Claim.__table__.c[name]
    for name in CLAIM_FIELDS
]
REPORT_ORDER = itemgetter(0, 1, 2)  # (source_id, excerpt_start, id) of a claim row


def claim_batches(
    connection: Connection, conditions: list, statuses: list[str]
) -> Iterator[list[tuple]]:
    """The claims matching ``conditions`` in any of ``statuses`` (any status if none), in
    report order, BATCH at a time. Each status is read in the order of its index and the
    streams are merged, so no query sorts the rest of the table."""
    streams = [_claims_of_status(connection, conditions, s) for s in statuses or [None]]
    merged = streams[0] if len(streams) == 1 else heapq.merge(*streams, key=REPORT_ORDER)
    while batch := list(islice(merged, BATCH)):
        yield batch


def _claims_of_status(
    connection: Connection, conditions: list, status: str | None
) -> Iterator[tuple]:
    """Claims of one status (or any, for None) in report order, in keyset batches that
    walk the (status, source, position, id) index."""
    last = None
    while True:
        query = select(*CLAIM_COLUMNS).where(*conditions)
        if status is not None:
            query = query.where(Claim.status == status)
        if last is not None:
            query = query.where(tuple_(Claim.source_id, Claim.excerpt_start, Claim.id) > last)
        result = connection.execute(
            query.order_by(Claim.source_id, Claim.excerpt_start, Claim.id).limit(BATCH)
        )
        rows = list(map(tuple, result.all()))
        yield from rows
        if len(rows) < BATCH:
            return
        last = REPORT_ORDER(rows[-1])


class Related(NamedTuple):
    """The rows a batch of claims refers to, as plain tuples (columns in the order given)."""

    sources: list[tuple]  # id, title, publisher, url, published, sha256, page_map
    organizations: dict[int, str]  # id: name
    citations: list[tuple]  # claim_id, url, title, publisher, published, accessed, stance,
    # quote; by claim, then in the order they were added
    transitions: list[tuple]  # claim_id, from_status, to_status, actor_id, at (ISO), note;
    # every move, by claim, then in the order it was made
    names: dict[int, str]  # user id: display name, for the claims' creators and the actors
    conflicts: list[tuple]  # claim_id, other claim's id, reason, status, note; from the
    # side of each claim of the batch in the pair, by claim, then other claim, then reason


def related_rows(connection: Connection, claims: list[tuple]) -> Related:
    """Everything ``claims`` (claim rows) refer to, one query per table."""
    statements = _statements(connection.dialect.name)

    def rows(statement: Select, ids: set[int] | list[int]) -> list[tuple]:
        if not ids:
            return []
        return list(map(tuple, connection.execute(statement, {"ids": list(ids)}).all()))

    ids = [claim[ID] for claim in claims]
    transitions = rows(statements.transitions, ids)
    organization_ids = {claim[ORGANIZATION_ID] for claim in claims} - {None}
    people = {claim[CREATED_BY_ID] for claim in claims} | {t[3] for t in transitions}
    return Related(
        sources=rows(statements.sources, {claim[SOURCE_ID] for claim in claims}),
        organizations=dict(rows(statements.organizations, organization_ids)),
        citations=rows(statements.citations, ids),
        transitions=transitions,
        names=dict(rows(statements.names, people)),
        conflicts=_both_sides(rows(statements.conflicts, ids), set(ids)),
    )


def _both_sides(pairs: list[tuple], ids: set[int]) -> list[tuple]:
    """A batch's conflicts as seen from each of its claims: a pair stored once (the lower id
    first) lists the other claim on both sides."""
    seen = [(a, b, *rest) for a, b, *rest in pairs if a in ids]
    seen += [(b, a, *rest) for a, b, *rest in pairs if b in ids]
    return sorted(seen, key=itemgetter(0, 1, 2))


def _in_ids(column: ColumnElement, dialect: str) -> ColumnElement[bool]:
    """``column`` is one of the ids bound to "ids" at execution."""
    if dialect == "postgresql":
        # One array parameter: psycopg parses a statement with a thousand placeholders
        # afresh every time, which took longer than running it.
        return column == any_(bindparam("ids", type_=ARRAY(Integer)))
    return column.in_(bindparam("ids", expanding=True))


class _Statements(NamedTuple):
    sources: Select
    organizations: Select
    citations: Select
    transitions: Select
    names: Select
    conflicts: Select


@cache
def _statements(dialect: str) -> _Statements:
    """The per-batch queries, built (and so compiled) once per database dialect."""
    return _Statements(
        sources=select(
            Source.id,
            Source.title,
            Source.publisher,
            Source.url,
            Source.published,
            Source.sha256,
            Source.page_map,
        ).where(_in_ids(Source.id, dialect)),
        organizations=select(Organization.id, Organization.name).where(
            _in_ids(Organization.id, dialect)
        ),
        citations=select(
            Citation.claim_id,
            Citation.url,
            Citation.title,
            Citation.publisher,
            Citation.published,
            Citation.accessed,
            Citation.stance,
            Citation.quote,
        )
        # Withdrawn citations are not evidence; the history still says they were withdrawn.
        .where(_in_ids(Citation.claim_id, dialect), Citation.withdrawn_at.is_(None))
        .order_by(Citation.claim_id, Citation.id),
        transitions=select(
            Transition.claim_id,
            Transition.from_status,
            Transition.to_status,
            Transition.actor_id,
            iso_utc(Transition.created_at).label("at"),
            Transition.note,
        )
        .where(_in_ids(Transition.claim_id, dialect))
        .order_by(Transition.claim_id, Transition.id),
        names=select(User.id, User.display_name).where(_in_ids(User.id, dialect)),
        conflicts=select(
            ClaimConflict.claim_id,
            ClaimConflict.other_id,
            ClaimConflict.reason,
            ClaimConflict.status,
            ClaimConflict.note,
        ).where(
            or_(_in_ids(ClaimConflict.claim_id, dialect), _in_ids(ClaimConflict.other_id, dialect))
        ),
    )
