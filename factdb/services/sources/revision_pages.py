"""Reads of source revisions: the chain of a document's revisions, what changed between a
revision and the one before (with the re-anchoring results), and a claim's open flags."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, or_, select

from factdb.models import Claim, ClaimReanchor, Source, SourceRevision
from factdb.services.accounts.directory import people_names
from factdb.services.errors import NotFoundError
from factdb.services.sources.anchoring import text_diff
from factdb.services.sources.revisions import FLAGS, next_revision_id, revision_of


@dataclass(frozen=True)
class RevisionEntry:
    """One revision of a document: its source and number."""

    source_id: int
    revision: int
    previous_id: int | None
    title: str
    created_at: datetime
    sha256: str
    length: int  # characters (Unicode code points)


@dataclass(frozen=True)
class RevisionPlace:
    """Where a source stands among its document's revisions ("revision 2 of 3")."""

    revision: int
    count: int
    previous_id: int | None
    next_id: int | None


@dataclass(frozen=True)
class ReanchorView:
    """A re-anchoring result with what a reviewer needs beside it."""

    record: ClaimReanchor
    claim_text: str
    claim_status: str
    to_revision: int
    resolved_by: str | None


@dataclass(frozen=True)
class SourceChanges:
    """A revision against the one before: the diff (op 0 equal, 1 insert, -1 delete) and what
    became of the claims; no previous revision → an empty diff."""

    source: Source
    place: RevisionPlace
    previous: Source | None
    diff: list[tuple[int, str]]
    reanchors: list[ReanchorView]

    @property
    def counts(self) -> dict[str, int]:
        counts = {"moved": 0, "changed": 0, "gone": 0}
        for view in self.reanchors:
            counts[view.record.result] += 1
        return counts


def _source_ids(session: Session, source_id: int) -> list[int]:
    """The ids of every revision of ``source_id``'s document, oldest first."""
    earlier, current = [], revision_of(session, source_id).previous_id
    while current is not None:
        earlier.append(current)
        current = revision_of(session, current).previous_id
    later, current = [], next_revision_id(session, source_id)
    while current is not None:
        later.append(current)
        current = next_revision_id(session, current)
    return [*reversed(earlier), source_id, *later]


def revision_chain(session: Session, source_id: int) -> list[RevisionEntry]:
    """Every revision of the document ``source_id`` is a revision of, oldest first.

    Raises NotFoundError. Length is in characters (Unicode code points).
    """
    if session.get(Source, source_id) is None:
        raise NotFoundError(f"No source #{source_id}.")
    ids = _source_ids(session, source_id)
    rows = session.exec(
        select(
            Source.id,
            Source.title,
            Source.created_at,
            Source.sha256,
            func.length(Source.text).label("length"),
            SourceRevision.revision,
            SourceRevision.previous_id,
        )
        .join(SourceRevision, SourceRevision.source_id == Source.id, isouter=True)
        .where(Source.id.in_(ids))
    ).all()
    by_id = {row.id: row for row in rows}
    return [
        RevisionEntry(
            source_id=row.id,
            revision=row.revision or 1,
            previous_id=row.previous_id,
            title=row.title,
            created_at=row.created_at,
            sha256=row.sha256,
            length=row.length,
        )
        for row in (by_id[i] for i in ids if i in by_id)
    ]


def revision_place(session: Session, source_id: int) -> RevisionPlace:
    """Where ``source_id`` stands among its document's revisions (NotFoundError)."""
    if session.get(Source, source_id) is None:
        raise NotFoundError(f"No source #{source_id}.")
    ids = _source_ids(session, source_id)
    index = ids.index(source_id)
    return RevisionPlace(
        revision=revision_of(session, source_id).revision,
        count=revision_of(session, ids[-1]).revision,
        previous_id=ids[index - 1] if index else None,
        next_id=ids[index + 1] if index + 1 < len(ids) else None,
    )


def _views(session: Session, records: list[ClaimReanchor]) -> list[ReanchorView]:
    if not records:
        return []
    wanted = {record.claim_id for record in records}
    claims = {c.id: c for c in session.exec(select(Claim).where(Claim.id.in_(wanted))).all()}
    names = people_names(session, {r.resolved_by_id for r in records})
    return [
        ReanchorView(
            record,
            claims[record.claim_id].text,
            claims[record.claim_id].status,
            revision_of(session, record.to_source_id).revision,
            names.get(record.resolved_by_id),
        )
        for record in records
    ]


def source_changes(session: Session, source_id: int) -> SourceChanges:
    """What changed between revision ``source_id`` and the one before, and the re-anchoring
    results of the claims of the one before (flags first).

    Rules: the diff is ``text_diff`` (diff-match-patch, semantic clean-up, bounded to
    ``DIFF_TIMEOUT_SECONDS``: past it the blocks are coarser, never wrong). Raises
    NotFoundError.
    """
    place = revision_place(session, source_id)
    source = session.get(Source, source_id)
    previous = session.get(Source, place.previous_id) if place.previous_id else None
    diff = text_diff(previous.text, source.text) if previous is not None else []
    records = session.exec(
        select(ClaimReanchor)
        .where(ClaimReanchor.to_source_id == source_id)
        .order_by(ClaimReanchor.old_start, ClaimReanchor.id)
    ).all()
    views = sorted(_views(session, records), key=lambda v: v.record.result not in FLAGS)
    return SourceChanges(source, place, previous, diff, views)


def _open_flags(claim_id) -> list:
    return [
        ClaimReanchor.claim_id == claim_id,
        # Written out (not an IN list, whose parameter expands per run): the claim page reads
        # it as a statement compiled once.
        or_(*(ClaimReanchor.result == flag for flag in FLAGS)),
        ClaimReanchor.resolved_at.is_(None),
    ]


def has_revision_flags(claim_id):
    """SQL: EXISTS an open revision flag of the claim ``claim_id`` (a column or a value): one
    probe of the (claim_id, id) index, so a claim page reads it with the claim and asks for
    the flags themselves (``claim_revision_flags``) only when there are some."""
    return select(ClaimReanchor.id).where(*_open_flags(claim_id)).exists()


def claim_revision_flags(session: Session, claim_id: int) -> list[ReanchorView]:
    """A claim's open revision flags (its quote changed or is gone in a later revision of its
    source, not yet marked handled), newest first."""
    records = session.exec(
        select(ClaimReanchor).where(*_open_flags(claim_id)).order_by(ClaimReanchor.id.desc())
    ).all()
    return _views(session, records)
