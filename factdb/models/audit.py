"""The append-only audit trail. Database triggers refuse UPDATE and DELETE on both tables."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.models.claims import ClaimStatus
from factdb.timeutil import utcnow


class Transition(SQLModel, table=True):
    """One status change of a claim: replaying them from draft gives its current status."""

    __tablename__ = "transition"
    __table_args__ = (
        one_of("from_status", ClaimStatus, "from_status_valid"),
        one_of("to_status", ClaimStatus, "to_status_valid"),
        Index("ix_transition_claim_id_id", "claim_id", "id"),
        Index("ix_transition_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    from_status: str = Field(max_length=16)
    to_status: str = Field(max_length=16)
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str | None = Field(default=None, sa_column=Column(Text))
    # The claim version this transition produced.
    version: int
    # The rating label given with a verdict, as it was then.
    rating_label: str | None = Field(default=None, max_length=100)


class EventAction(StrEnum):
    created = "created"
    edited = "edited"
    citation_added = "citation_added"
    comment_added = "comment_added"
    assigned = "assigned"


class ClaimEvent(SQLModel, table=True):
    """Everything else that happens to a claim, with a JSON snapshot before and after."""

    __tablename__ = "claim_event"
    __table_args__ = (
        one_of("action", EventAction),
        Index("ix_claim_event_claim_id_id", "claim_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    action: str = Field(max_length=32)
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    note: str | None = Field(default=None, sa_column=Column(Text))
