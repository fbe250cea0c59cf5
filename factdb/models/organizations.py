"""Organizations that claims are attributed to, with their aliases."""

import re
import unicodedata
from datetime import datetime

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

from factdb.models import limits
from factdb.models.base import UTCDateTime
from factdb.timeutil import utcnow

_SPACES = re.compile(r"\s+")


def normalize_name(name: str) -> str:
    """The matching key of a name or alias: NFKC, case-folded, single spaces, no end dots."""
    name = unicodedata.normalize("NFKC", name).casefold()
    return _SPACES.sub(" ", name).strip(" .,;:")


class Organization(SQLModel, table=True):
    __tablename__ = "organization"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=limits.ORGANIZATION_NAME)
    normalized_name: str = Field(
        sa_column=Column(String(limits.ORGANIZATION_NAME), nullable=False, unique=True)
    )
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class OrganizationAlias(SQLModel, table=True):
    __tablename__ = "organization_alias"
    __table_args__ = (Index("ix_organization_alias_organization_id", "organization_id"),)

    id: int | None = Field(default=None, primary_key=True)
    organization_id: int = Field(foreign_key="organization.id")
    alias: str = Field(max_length=limits.ORGANIZATION_NAME)
    normalized_alias: str = Field(
        sa_column=Column(String(limits.ORGANIZATION_NAME), nullable=False, unique=True)
    )
