"""Sources: documents whose normalized text is stored once and never changed, and the
revisions of a source re-imported with a different text."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Index, LargeBinary, String, Text
from sqlmodel import Field, SQLModel

from factdb.models import limits
from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class Source(SQLModel, table=True):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        CheckConstraint("length(text) > 0", name="text_not_empty"),
        Index("ix_source_created_at", "created_at"),
        Index("ix_source_published", "published"),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=limits.TITLE)
    publisher: str | None = Field(default=None, max_length=limits.PUBLISHER)
    url: str | None = Field(default=None, max_length=limits.URL)
    published: date | None = None
    retrieved_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    text: str = Field(sa_column=Column(Text, nullable=False))
    sha256: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Metadata found in the document (editable before storing).
    author: str | None = Field(default=None, max_length=300)
    canonical_url: str | None = Field(default=None, max_length=2000)
    language: str | None = Field(default=None, max_length=35)
    # For a PDF: [{"page": 1, "start": 0, "end": 1834}, …], offsets into ``text``.
    page_map: list | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # schema.org ClaimReview items embedded in the page (JSON-LD or microdata), as found.
    embedded_fact_checks: list | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SourceRetrieval(SQLModel, table=True):
    """How a fetched source was obtained (one per source imported from a URL)."""

    __tablename__ = "source_retrieval"
    __table_args__ = (CheckConstraint("length(sha256) = 64", name="sha256_length"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", unique=True)
    requested_url: str = Field(max_length=2000)
    final_url: str = Field(max_length=2000)
    status: int
    content_type: str | None = Field(default=None, max_length=200)
    # Every redirect followed: [{"url": …, "status": 301}, …].
    redirects: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    retrieved_at: datetime = Field(sa_type=UTCDateTime)
    sha256: str = Field(sa_column=Column(String(64), nullable=False))


class SourcePreview(SQLModel, table=True):
    """Uploaded or fetched bytes waiting for the annotator to confirm the import; expires."""

    __tablename__ = "source_preview"
    __table_args__ = (Index("ix_source_preview_expires_at", "expires_at"),)

    id: str = Field(sa_column=Column(String(43), primary_key=True))
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    filename: str | None = Field(default=None, max_length=300)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    # The fetch record of a URL import, stored with the source on confirmation.
    retrieval: dict | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class SourceRevision(SQLModel, table=True):
    """A source's place among the revisions of one document: its number, the source it
    revises (each source is revised at most once), and the keys a re-import is found by."""

    __tablename__ = "source_revision"
    __table_args__ = (
        CheckConstraint("revision >= 1", name="revision_positive"),
        CheckConstraint("(previous_id IS NULL) = (revision = 1)", name="first_has_no_previous"),
        Index("ix_source_revision_url_key", "url_key"),
        Index("ix_source_revision_canonical_url_key", "canonical_url_key"),
    )

    source_id: int = Field(foreign_key="source.id", primary_key=True)
    previous_id: int | None = Field(default=None, foreign_key="source.id", unique=True)
    revision: int = 1
    # The SHA-256 of the URL identity (services/sources/urls.py) of the source's url and of
    # its canonical_url: fixed-width keys, so a re-import is found by an index.
    url_key: str | None = Field(default=None, max_length=64)
    canonical_url_key: str | None = Field(default=None, max_length=64)


class ReanchorResult(StrEnum):
    moved = "moved"  # the quote reads the same in the new revision; the claim follows it
    changed = "changed"  # the quote now reads differently; the claim stays, flagged
    gone = "gone"  # the quoted passage was removed; the claim stays, flagged


class ClaimReanchor(SQLModel, table=True):
    """What became of a claim's excerpt when its source was revised (the audit record of
    re-anchoring). A changed or gone result is a flag until a reviewer marks it handled."""

    __tablename__ = "claim_reanchor"
    __table_args__ = (
        one_of("result", ReanchorResult),
        CheckConstraint(
            "result = 'gone' OR (new_start IS NOT NULL AND new_end IS NOT NULL)",
            name="new_span_present",
        ),
        Index("ix_claim_reanchor_claim_id_id", "claim_id", "id"),
        Index("ix_claim_reanchor_to_source_id_id", "to_source_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    from_source_id: int = Field(foreign_key="source.id")
    to_source_id: int = Field(foreign_key="source.id")
    result: str = Field(max_length=16)
    old_start: int
    old_end: int
    old_exact: str = Field(sa_column=Column(Text, nullable=False))
    new_start: int | None = None
    new_end: int | None = None
    new_exact: str | None = Field(default=None, sa_column=Column(Text))
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    resolved_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolution_note: str | None = Field(default=None, sa_column=Column(Text))
