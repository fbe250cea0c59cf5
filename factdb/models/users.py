"""Users, roles and personal API tokens."""

import secrets
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel
from werkzeug.security import check_password_hash, generate_password_hash

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class Role(StrEnum):
    annotator = "annotator"
    reviewer = "reviewer"
    editor = "editor"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    def at_least(self, other: "Role") -> bool:
        return self.rank >= Role(other).rank


def new_login_token() -> str:
    return secrets.token_urlsafe(24)


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    __table_args__ = (one_of("role", Role),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(sa_column=Column(String(254), nullable=False, unique=True))
    display_name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    role: str = Field(default=Role.annotator, max_length=16)
    active: bool = Field(default=True)
    # Part of the session/remember-me identity: rotating it signs the user out everywhere.
    login_token: str = Field(default_factory=new_login_token, max_length=64)
    # Set by an editor: the user must choose a new password before doing anything else.
    must_change_password: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    # Flask-Login protocol
    @property
    def is_active(self) -> bool:
        return bool(self.active)

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return f"{self.id}:{self.login_token}"

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    def has_role(self, role: Role | str) -> bool:
        return self.role_enum.at_least(Role(role))

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    __table_args__ = (Index("ix_api_token_user_id", "user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    name: str = Field(max_length=120)
    # SHA-256 of the token; the token itself is shown once and never stored.
    token_hash: str = Field(sa_column=Column(String(64), nullable=False, unique=True))
    prefix: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
