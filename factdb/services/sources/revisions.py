"""Source revisions: a document re-imported with a different text is stored as a new source
that revises the previous one, and the previous revision's claims are re-anchored on it."""

from __future__ import annotations

import hashlib

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, or_, select

from factdb.models import (
    Claim,
    ClaimReanchor,
    ReanchorResult,
    Role,
    Source,
    SourceRevision,
    User,
    limits,
)
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import DuplicateError, NotFoundError, ValidationError
from factdb.services.sources.anchoring import reanchor, text_diff
from factdb.services.sources.text import one_line
from factdb.services.sources.urls import url_identity
from factdb.timeutil import utcnow

FLAGS = (ReanchorResult.changed.value, ReanchorResult.gone.value)


def url_key(url: str | None) -> str | None:
    """The SHA-256 (64 hex digits) of ``url``'s URL identity (see ``url_identity``); None for
    no URL."""
    identity = url_identity(url)
    return hashlib.sha256(identity.encode("utf-8")).hexdigest() if identity else None


def revision_of(session: Session, source_id: int) -> SourceRevision:
    """A source's revision record (a source stored before revisions were kept is the first)."""
    found = session.get(SourceRevision, source_id)
    return found if found is not None else SourceRevision(source_id=source_id)


def next_revision_id(session: Session, source_id: int) -> int | None:
    """The id of the source that revises ``source_id``, if any."""
    return session.exec(
        select(SourceRevision.source_id).where(SourceRevision.previous_id == source_id)
    ).first()


def latest_revision(session: Session, keys: set[str], exclude: int | None = None) -> int | None:
    """The newest revision of the document a URL key in ``keys`` names, if one is stored."""
    if not keys:
        return None
    query = select(SourceRevision.source_id).where(
        or_(SourceRevision.url_key.in_(keys), SourceRevision.canonical_url_key.in_(keys))
    )
    if exclude is not None:
        query = query.where(SourceRevision.source_id != exclude)
    newest = session.exec(query.order_by(SourceRevision.source_id.desc()).limit(1)).first()
    while newest is not None and (later := next_revision_id(session, newest)) is not None:
        newest = later
    return newest


def record_revision(session: Session, actor: User, source: Source) -> list[ClaimReanchor]:
    """Place a just-stored source among the revisions of its document and, when it revises an
    earlier one, re-anchor that revision's claims on it (see ``reanchor_claims``).

    Rules: a source revises the newest stored source whose url or canonical_url has the same
    URL identity as its own url or canonical_url (either way round; see ``url_identity``);
    the same text is never a revision (``create_source`` refuses it as a duplicate first);
    each source is revised at most once, so two revisions stored at the same moment are
    refused (DuplicateError) and the import can be repeated. The stored text of neither
    source is changed.
    """
    keys = {url_key(source.url), url_key(source.canonical_url)} - {None}
    previous_id = latest_revision(session, keys, exclude=source.id)
    previous = revision_of(session, previous_id) if previous_id is not None else None
    row = SourceRevision(
        source_id=source.id,
        previous_id=previous_id,
        revision=previous.revision + 1 if previous is not None else 1,
        url_key=url_key(source.url),
        canonical_url_key=url_key(source.canonical_url),
    )
    session.add(row)
    try:
        session.flush()
    except IntegrityError as exc:
        raise DuplicateError(
            "Another revision of this document was stored at the same moment; import it again."
        ) from exc
    if previous_id is None:
        return []
    return reanchor_claims(session, actor, session.get(Source, previous_id), source)


def reanchor_claims(
    session: Session, actor: User, previous: Source, source: Source
) -> list[ClaimReanchor]:
    """Re-anchor every claim of ``previous`` on its revision ``source``; one record each.

    Rules: the diff of the two texts is computed once (``text_diff``, bounded in time) and
    each excerpt placed by ``reanchor``. Moved: the claim follows the quote to the new
    revision (source, offsets, context) — offsets only, never content, so the claim's
    version, status and four-eyes authors stay as they are, decided claims included.
    Changed or gone: the claim stays on the previous revision and the record is a flag for
    review (the new reading is kept beside the old quote). Units: Unicode code points.
    """
    claims = session.exec(select(Claim).where(Claim.source_id == previous.id)).all()
    if not claims:
        return []
    diffs = text_diff(previous.text, source.text)
    records = []
    for claim in claims:
        old = claim.excerpt
        anchor = reanchor(diffs, source.text, old)
        new = anchor.excerpt
        records.append(
            ClaimReanchor(
                claim_id=claim.id,
                from_source_id=previous.id,
                to_source_id=source.id,
                result=anchor.result.value,
                old_start=old.start,
                old_end=old.end,
                old_exact=old.exact,
                new_start=new.start if new else None,
                new_end=new.end if new else None,
                new_exact=new.exact if new else None,
                created_by_id=actor.id,
            )
        )
        if anchor.result is ReanchorResult.moved:
            claim.source_id = source.id
            claim.excerpt_start, claim.excerpt_end = new.start, new.end
            claim.excerpt_prefix, claim.excerpt_suffix = new.prefix, new.suffix
            session.add(claim)
    session.add_all(records)
    session.flush()
    return records


def mark_handled(
    session: Session, actor: User, reanchor_id: int, note: str | None = None
) -> ClaimReanchor:
    """Mark a revision flag (a claim whose quote changed or is gone) as handled, with a note.

    Rules: reviewers and editors; only changed or gone results are flags; a flag is handled
    once (who and when are kept: the audit trail of the decision). Raises NotFoundError,
    PermissionDeniedError, ValidationError.
    """
    require_role(actor, Role.reviewer)
    record = session.get(ClaimReanchor, reanchor_id)
    if record is None:
        raise NotFoundError(f"No re-anchoring result #{reanchor_id}.")
    if record.result not in FLAGS:
        raise ValidationError(
            "This claim moved with its quote to the new revision; there is nothing to handle.",
            {"result": "not a flag"},
        )
    if record.resolved_at is not None:
        raise ValidationError("This flag is already marked handled.", {"result": "handled"})
    note = one_line(note)
    if len(note) > limits.NOTE:
        raise ValidationError(
            f"A note can be at most {limits.NOTE} characters.", {"note": "too long"}
        )
    record.resolved_by_id = actor.id
    record.resolved_at = utcnow()
    record.resolution_note = note or None
    session.add(record)
    session.flush()
    return record
