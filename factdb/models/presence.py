"""Presence: who has a claim's page open right now (a heartbeat, not an audit record)."""

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime


class ClaimPresence(SQLModel, table=True):
    """``user_id`` had claim ``claim_id``'s page open at ``seen_at`` (the last heartbeat),
    since ``opened_at``. One row per claim and user; rows a day old are deleted."""

    __tablename__ = "claim_presence"
    # Expiry deletes by age; the claim page reads by claim (the primary key's first column).
    __table_args__ = (Index("ix_claim_presence_seen_at", "seen_at"),)

    claim_id: int = Field(foreign_key="claim.id", primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", primary_key=True)
    opened_at: datetime = Field(sa_type=UTCDateTime)
    seen_at: datetime = Field(sa_type=UTCDateTime)
