"""Saved filters: a user's named query strings of the claims list."""

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime
from factdb.timeutil import utcnow


class SavedFilter(SQLModel, table=True):
    """``query`` is the claims list's query string, normalised (known filters only, no
    cursor); one name per user, so saving a name again replaces its query."""

    __tablename__ = "saved_filter"
    __table_args__ = (UniqueConstraint("user_id", "name"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    name: str = Field(max_length=80)
    query: str = Field(max_length=2000)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
