"""Fact tracking: confirmed matches between claims, flagged conflicts, re-check dates and
requests, and changes to organizations (aliases, merges)."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class ClaimMatch(SQLModel, table=True):
    """A reviewer's confirmed link between two claims that make the same claim.

    The pair is stored once, lower id first. Removing a match keeps the row (who removed it,
    when, why); at most one live match per pair."""

    __tablename__ = "claim_match"
    __table_args__ = (
        CheckConstraint("claim_id < other_id", name="ordered_pair"),
        Index(
            "ix_claim_match_live_pair",
            "claim_id",
            "other_id",
            unique=True,
            sqlite_where=text("removed_at IS NULL"),
            postgresql_where=text("removed_at IS NULL"),
        ),
        Index("ix_claim_match_other_id", "other_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    other_id: int = Field(foreign_key="claim.id")
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str | None = Field(default=None, sa_column=Column(Text))
    removed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    removed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    removal_note: str | None = Field(default=None, sa_column=Column(Text))


class ConflictReason(StrEnum):
    value = "value"
    verdict = "verdict"


class ConflictStatus(StrEnum):
    open = "open"
    dismissed = "dismissed"


class ClaimConflict(SQLModel, table=True):
    """Two claims of one group (or strongly matching, same organization and kind) whose values
    or verdicts disagree; a reviewer may dismiss it with a note."""

    __tablename__ = "claim_conflict"
    __table_args__ = (
        CheckConstraint("claim_id < other_id", name="ordered_pair"),
        one_of("reason", ConflictReason),
        one_of("status", ConflictStatus),
        UniqueConstraint("claim_id", "other_id", "reason"),
        Index("ix_claim_conflict_other_id", "other_id"),
        Index("ix_claim_conflict_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    other_id: int = Field(foreign_key="claim.id")
    reason: str = Field(max_length=16)
    detail: str = Field(sa_column=Column(Text, nullable=False))
    detected_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    status: str = Field(default=ConflictStatus.open, max_length=16)
    dismissed_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    dismissed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    note: str | None = Field(default=None, sa_column=Column(Text))


class RecheckChange(SQLModel, table=True):
    """One change of a claim's re-check date (the audit trail of ``claim.recheck_on``)."""

    __tablename__ = "recheck_change"
    __table_args__ = (Index("ix_recheck_change_claim_id_id", "claim_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    before: date | None = None
    after: date | None = None
    note: str | None = Field(default=None, sa_column=Column(Text))


class RecheckRequestStatus(StrEnum):
    pending = "pending"
    approved = "approved"
    declined = "declined"


class RecheckRequest(SQLModel, table=True):
    """A reviewer's request to re-check a decided claim, which an editor approves (reopening
    the claim) or declines."""

    __tablename__ = "recheck_request"
    __table_args__ = (
        one_of("status", RecheckRequestStatus),
        Index("ix_recheck_request_claim_id_id", "claim_id", "id"),
        Index("ix_recheck_request_status_id", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id")
    requested_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    note: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default=RecheckRequestStatus.pending, max_length=16)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decision_note: str | None = Field(default=None, sa_column=Column(Text))


class OrganizationAction(StrEnum):
    alias_added = "alias_added"
    alias_removed = "alias_removed"
    merged = "merged"


class OrganizationChange(SQLModel, table=True):
    """An editor's change to an organization: an alias added or removed, another merged in."""

    __tablename__ = "organization_change"
    __table_args__ = (
        one_of("action", OrganizationAction),
        Index("ix_organization_change_organization_id_id", "organization_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    action: str = Field(max_length=16)
    actor_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    detail: str = Field(sa_column=Column(Text, nullable=False))
