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


class Comment(SQLModel, table=True):
    __tablename__ = "comment"
    __table_args__ = (Index("ix_comment_claim_id", "claim_id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    author_id: int = Field(foreign_key="user_account.id")
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
