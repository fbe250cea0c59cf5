"""Notifications: a line in a user's inbox saying that something happened to a claim that
concerns them (assigned to them, their claim decided, a conflict on a claim they decided …)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class NotificationKind(StrEnum):
    assigned = "assigned"  # a claim was assigned to me
    sent_back = "sent_back"  # my claim was sent back to draft
    decided = "decided"  # my claim got a verdict
    reopened = "reopened"  # my claim's verdict was reopened
    conflict = "conflict"  # a conflict was flagged on a claim I decided
    recheck_due = "recheck_due"  # a claim I decided is due for a re-check
    mention = "mention"  # someone wrote @me in a comment


class Notification(SQLModel, table=True):
    """One notification for ``recipient_id``; unread while ``read_at`` is empty. ``detail`` is
    JSON with what the inbox shows (the claim's text, the status, a comment's excerpt …)."""

    __tablename__ = "notification"
    __table_args__ = (
        one_of("kind", NotificationKind),
        # The unread badge and the inbox page both read through this index.
        Index("ix_notification_recipient_id_read_at_id", "recipient_id", "read_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    recipient_id: int = Field(foreign_key="user_account.id")
    kind: str = Field(max_length=16)
    claim_id: int | None = Field(default=None, foreign_key="claim.id")
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    detail: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    read_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
