"""Security events (append-only, like the audit trail) and failed sign-ins (for throttling)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, Text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class SecurityAction(StrEnum):
    sign_in = "sign_in"
    sign_out = "sign_out"
    password_change = "password_change"
    password_reset_required = "password_reset_required"
    user_create = "user_create"
    role_change = "role_change"
    user_activate = "user_activate"
    user_deactivate = "user_deactivate"
    token_create = "token_create"
    token_revoke = "token_revoke"


class Outcome(StrEnum):
    success = "success"
    failure = "failure"
    throttled = "throttled"


class SecurityEvent(SQLModel, table=True):
    """Who did what to which account, from where. Triggers refuse UPDATE and DELETE."""

    __tablename__ = "security_event"
    __table_args__ = (
        one_of("action", SecurityAction),
        one_of("outcome", Outcome),
        Index("ix_security_event_action_id", "action", "id"),
        Index("ix_security_event_subject_id_id", "subject_id", "id"),
        Index("ix_security_event_actor_id_id", "actor_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    action: str = Field(max_length=32)
    outcome: str = Field(default=Outcome.success, max_length=16)
    # None when nobody was signed in (a failed sign-in) or the operator used the CLI.
    actor_id: int | None = Field(default=None, foreign_key="user_account.id")
    subject_id: int | None = Field(default=None, foreign_key="user_account.id")
    address: str | None = Field(default=None, sa_column=Column(String(64)))
    detail: str | None = Field(default=None, sa_column=Column(Text))


class SignInFailure(SQLModel, table=True):
    """One refused sign-in, kept for the throttling window only (shared by every worker)."""

    __tablename__ = "sign_in_failure"
    __table_args__ = (
        Index("ix_sign_in_failure_account_created_at", "account", "created_at"),
        Index("ix_sign_in_failure_address_created_at", "address", "created_at"),
        Index("ix_sign_in_failure_created_at", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    account: str = Field(sa_column=Column(String(254), nullable=False))
    address: str = Field(sa_column=Column(String(64), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
