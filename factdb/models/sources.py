"""Sources: documents whose normalized text is stored once and never changed."""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Column, Index, String, Text
from sqlmodel import Field, SQLModel

from factdb.models import limits
from factdb.models.base import UTCDateTime
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
