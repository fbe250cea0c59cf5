"""Publication decisions (append-only) and fact-checks imported from other publishers."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class PublicationAction(StrEnum):
    published = "published"
    unpublished = "unpublished"
    withdrawn = "withdrawn"  # taken off because the verdict was reopened


class Publication(SQLModel, table=True):
    """One publication decision on a claim; database triggers refuse UPDATE and DELETE."""

    __tablename__ = "publication"
    __table_args__ = (
        one_of("action", PublicationAction),
        Index("ix_publication_claim_id_id", "claim_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    action: str = Field(max_length=16)
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The claim version the decision was made on.
    version: int
    note: str | None = Field(default=None, sa_column=Column(Text))


class NormalizedRating(StrEnum):
    """ClaimsKG's four classes for any publisher's textual rating."""

    true = "true"
    false = "false"
    mixed = "mixed"
    other = "other"


class FactCheck(SQLModel, table=True):
    """A ClaimReview published by someone else, as imported; one row per review URL."""

    __tablename__ = "fact_check"
    __table_args__ = (
        one_of("normalized_rating", NormalizedRating),
        Index("ix_fact_check_review_date", "review_date", "id"),
        Index("ix_fact_check_normalized_rating", "normalized_rating", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(max_length=2000)
    # The URL's identity (see services/sources/urls.py, url_identity): re-imports update this row.
    url_key: str = Field(sa_column=Column(String(2000), nullable=False, unique=True))
    claim_text: str = Field(sa_column=Column(Text, nullable=False))
    claimant: str | None = Field(default=None, max_length=300)
    claim_date: date | None = None
    publisher_name: str | None = Field(default=None, max_length=300)
    publisher_site: str | None = Field(default=None, max_length=2000)
    review_date: date | None = None
    textual_rating: str | None = Field(default=None, max_length=300)
    normalized_rating: str = Field(default=NormalizedRating.other, max_length=8)
    language: str | None = Field(default=None, max_length=35)
    raw: str = Field(sa_column=Column(Text, nullable=False))
    imported_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
