"""Evidence attached to a claim, and comments on it."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from factdb.models import limits
from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class Stance(StrEnum):
    supports = "supports"
    refutes = "refutes"
    context = "context"


class Citation(SQLModel, table=True):
    __tablename__ = "citation"
    __table_args__ = (one_of("stance", Stance), Index("ix_citation_claim_id", "claim_id"))

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    url: str = Field(max_length=limits.URL)
    title: str | None = Field(default=None, max_length=limits.TITLE)
    publisher: str | None = Field(default=None, max_length=limits.PUBLISHER)
    published: date | None = None
    accessed: date | None = None
    quote: str | None = Field(default=None, sa_column=Column(Text))
    stance: str = Field(max_length=16)
    added_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Withdrawn evidence stays on the page, struck through, and no longer counts for a verdict.
    # Who withdrew it is kept with a foreign key in ``evidence_change``; a plain column here
    # because SQLite cannot add a constraint to an existing table without rebuilding it.
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_by_id: int | None = None


class Comment(SQLModel, table=True):
    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_claim_id", "claim_id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    author_id: int = Field(foreign_key="user_account.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    edited_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    withdrawn_by_id: int | None = None


class EvidenceAction(StrEnum):
    edited = "edited"
    withdrawn = "withdrawn"


class EvidenceChange(SQLModel, table=True):
    """One edit or withdrawal of a citation or comment, with its fields before and after.

    Kept apart from ``claim_event``: changing evidence is not a change of the claim's content
    (four eyes) and does not bump its version.
    """

    __tablename__ = "evidence_change"
    __table_args__ = (
        one_of("action", EvidenceAction),
        Index("ix_evidence_change_claim_id_id", "claim_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    citation_id: int | None = Field(default=None, foreign_key="citation.id")
    comment_id: int | None = Field(default=None, foreign_key="comment.id")
    action: str = Field(max_length=16)
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
