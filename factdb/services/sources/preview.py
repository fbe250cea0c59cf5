"""Previews: uploaded, pasted or fetched bytes wait here, read but not stored, until the
annotator has looked at the extracted text and metadata and confirms the import."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete
from sqlmodel import Session

from factdb.models import Role, Source, SourcePreview, User
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.sources.fetch import FetchLimits, fetch_url
from factdb.services.sources.ingest import Document, read_document, store_document
from factdb.timeutil import utcnow

DEFAULT_TTL_MINUTES = 60


def purge_expired_previews(session: Session) -> int:
    """Delete every preview past its expiry; the number deleted."""
    result = session.exec(delete(SourcePreview).where(SourcePreview.expires_at <= utcnow()))
    return result.rowcount or 0


def create_preview(
    session: Session,
    actor: User,
    data: bytes,
    *,
    filename: str | None = None,
    retrieval: dict | None = None,
    ttl_minutes: int = DEFAULT_TTL_MINUTES,
) -> SourcePreview:
    """Keep a document's bytes for a preview that expires after ``ttl_minutes``.

    Rules: any active user; the document must be readable (text, HTML or PDF: the same
    refusals as an import, ValidationError), so a bad file is refused before any preview.
    """
    require_role(actor, Role.annotator)
    if not data:
        raise ValidationError("The document is empty.", {"file": "empty"})
    content_type = (retrieval or {}).get("content_type")
    read_document(data, filename=filename, content_type=content_type, extract="page")
    purge_expired_previews(session)
    record = None
    if retrieval is not None:
        record = {**retrieval, "retrieved_at": retrieval["retrieved_at"].isoformat()}
    preview = SourcePreview(
        id=secrets.token_urlsafe(32),
        created_by_id=actor.id,
        expires_at=utcnow() + timedelta(minutes=ttl_minutes),
        filename=(filename or "")[:300] or None,
        data=data,
        retrieval=record,
    )
    session.add(preview)
    session.flush()
    return preview


def preview_url(
    session: Session, actor: User, url: str, limits: FetchLimits, *, ttl_minutes: int
) -> SourcePreview:
    """Fetch ``url`` (see ``fetch_url``: SSRF guard and limits) into a new preview."""
    require_role(actor, Role.annotator)
    fetched = fetch_url(url, limits)
    return create_preview(
        session,
        actor,
        fetched.data,
        filename=None,
        retrieval=fetched.retrieval,
        ttl_minutes=ttl_minutes,
    )


def get_preview(session: Session, actor: User, preview_id: str) -> SourcePreview:
    """The actor's own preview, while it has not expired (NotFoundError otherwise)."""
    require_role(actor, Role.annotator)
    preview = session.get(SourcePreview, preview_id)
    if preview is None or preview.created_by_id != actor.id or preview.expires_at <= utcnow():
        raise NotFoundError(
            "This preview does not exist or has expired; upload or fetch the document again."
        )
    return preview


def preview_document(preview: SourcePreview, extract: str | None = "article") -> Document:
    """What confirming the preview with ``extract`` would store."""
    retrieval = preview.retrieval or {}
    return read_document(
        preview.data,
        filename=preview.filename,
        content_type=retrieval.get("content_type"),
        url=retrieval.get("final_url"),
        extract=extract,
    )


def confirm_preview(
    session: Session,
    actor: User,
    preview_id: str,
    *,
    extract: str | None,
    fields: dict,
    max_chars: int,
) -> Source:
    """Store the previewed document as a source with the (edited) metadata; the preview goes.

    Rules: only the preview's own creator, before it expires (NotFoundError); then those of
    ``store_document``.
    """
    preview = get_preview(session, actor, preview_id)
    document = preview_document(preview, extract)
    source = store_document(
        session,
        actor,
        document,
        fields=fields,
        retrieval=preview.retrieval,
        max_chars=max_chars,
        fill_in=False,  # the form showed what was found; a field left empty stays empty
    )
    session.delete(preview)
    session.flush()
    return source
