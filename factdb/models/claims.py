"""Claims, their excerpts and typed values."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, Numeric, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from factdb.models import limits
from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow

HAS_RECHECK_DATE = {
    "sqlite_where": text("recheck_on IS NOT NULL"),
    "postgresql_where": text("recheck_on IS NOT NULL"),
}


class ClaimKind(StrEnum):
    statement = "statement"
    date = "date"
    figure = "figure"


class ClaimStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    in_review = "in_review"
    verified = "verified"
    refuted = "refuted"
    unverifiable = "unverifiable"
    retracted = "retracted"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")

    @property
    def is_verdict(self) -> bool:
        return self in VERDICTS


VERDICTS = frozenset({ClaimStatus.verified, ClaimStatus.refuted, ClaimStatus.unverifiable})


class DatePrecision(StrEnum):
    day = "day"
    month = "month"
    year = "year"
    decade = "decade"  # "the early 2020s": stored as the decade's first year


AMOUNT = Numeric(30, 8)


@dataclass(frozen=True)
class Excerpt:
    """The span of a source a claim came from (W3C TextPosition + TextQuote selectors)."""

    start: int
    end: int
    exact: str
    prefix: str = ""
    suffix: str = ""

    def to_dict(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


class Claim(SQLModel, table=True):
    __tablename__ = "claim"
    __table_args__ = (
        one_of("kind", ClaimKind),
        one_of("status", ClaimStatus),
        one_of("date_precision", DatePrecision),
        CheckConstraint(
            "excerpt_start >= 0 AND excerpt_end > excerpt_start", name="excerpt_positive_width"
        ),
        CheckConstraint(
            "length(excerpt_exact) = excerpt_end - excerpt_start", name="excerpt_exact_length"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "kind <> 'statement' OR organization_id IS NOT NULL", name="statement_organization"
        ),
        CheckConstraint(
            "kind <> 'date' OR (date_value IS NOT NULL AND date_precision IS NOT NULL)",
            name="date_value_present",
        ),
        CheckConstraint("kind <> 'figure' OR amount IS NOT NULL", name="figure_amount_present"),
        CheckConstraint("date_end IS NULL OR date_end >= date_value", name="date_range_order"),
        CheckConstraint("lower IS NULL OR upper IS NULL OR lower <= upper", name="bounds_order"),
        CheckConstraint(
            "status <> 'in_review' OR assignee_id IS NOT NULL", name="in_review_assigned"
        ),
        Index("ix_claim_status_updated_at", "status", "updated_at", "id"),
        Index("ix_claim_kind_updated_at", "kind", "updated_at", "id"),
        Index("ix_claim_organization_id_updated_at", "organization_id", "updated_at", "id"),
        Index("ix_claim_source_id_excerpt_start", "source_id", "excerpt_start"),
        # Reports read each status in (source, position) order.
        Index(
            "ix_claim_status_source_id_excerpt_start", "status", "source_id", "excerpt_start", "id"
        ),
        Index(
            "ix_claim_organization_id_status_updated_at",
            "organization_id",
            "status",
            "updated_at",
            "id",
        ),
        Index("ix_claim_source_id_updated_at", "source_id", "updated_at", "id"),
        Index(
            "ix_claim_assignee_id_status_updated_at", "assignee_id", "status", "updated_at", "id"
        ),
        Index(
            "ix_claim_created_by_id_status_updated_at",
            "created_by_id",
            "status",
            "updated_at",
            "id",
        ),
        Index("ix_claim_updated_at", "updated_at", "id"),
        Index("ix_claim_created_at", "created_at", "id"),
        Index("ix_claim_decided_at", "decided_at"),
        # The "due for re-check" queue: decided claims whose re-check date has passed. Only
        # claims with a re-check date are indexed: few have one, and an index holding every
        # claim's NULL looked as costly to SQLite's planner as reading all decided claims.
        Index("ix_claim_recheck_on", "recheck_on", "id", **HAS_RECHECK_DATE),
        # One reviewer's claims due for re-check (read each time their inbox opens).
        Index(
            "ix_claim_decided_by_id_recheck_on",
            "decided_by_id",
            "recheck_on",
            "id",
            **HAS_RECHECK_DATE,
        ),
        Index("ix_claim_published_at", "published_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id")
    kind: str = Field(max_length=16)
    text: str = Field(sa_column=Column(Text, nullable=False))
    organization_id: int | None = Field(default=None, foreign_key="organization.id")
    status: str = Field(default=ClaimStatus.draft, max_length=16)
    assignee_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    version: int = Field(default=1)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: int | None = Field(default=None, foreign_key="user_account.id")

    excerpt_start: int
    excerpt_end: int
    excerpt_exact: str = Field(sa_column=Column(Text, nullable=False))
    excerpt_prefix: str = Field(default="", max_length=limits.EXCERPT_CONTEXT)
    excerpt_suffix: str = Field(default="", max_length=limits.EXCERPT_CONTEXT)

    # kind = date
    date_value: date | None = None
    date_precision: str | None = Field(default=None, max_length=8)
    date_end: date | None = None
    # kind = figure
    amount: Decimal | None = Field(default=None, sa_type=AMOUNT)
    unit: str | None = Field(default=None, max_length=limits.UNIT)
    lower: Decimal | None = Field(default=None, sa_type=AMOUNT)
    upper: Decimal | None = Field(default=None, sa_type=AMOUNT)
    approximate: bool = Field(default=False)
    # kind = statement
    speaker: str | None = Field(default=None, max_length=limits.SPEAKER)
    said_on: date | None = None
    # Tracking: the date the value holds for, and when the verdict should be checked again.
    as_of: date | None = None
    recheck_on: date | None = None

    # The rating given with the verdict, as the scale defined it then (see publishing/ratings).
    rating_label: str | None = Field(default=None, max_length=100)
    rating_value: int | None = None
    rating_best: int | None = None
    rating_worst: int | None = None
    # Set while an editor's publication of the verdict stands (the public page is live).
    published_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # (who published is also in ``publication``, with its foreign key)
    published_by_id: int | None = None

    @property
    def excerpt(self) -> Excerpt:
        return Excerpt(
            self.excerpt_start,
            self.excerpt_end,
            self.excerpt_exact,
            self.excerpt_prefix,
            self.excerpt_suffix,
        )

    @property
    def status_enum(self) -> ClaimStatus:
        return ClaimStatus(self.status)


class ClaimStatusCount(SQLModel, table=True):
    """How many claims are in a status; kept by database triggers on ``claim`` (never
    written by the app), so counting is one short read however many claims there are."""

    __tablename__ = "claim_status_count"

    status: str = Field(primary_key=True, max_length=16)
    n: int


class SuggestionDismissal(SQLModel, table=True):
    """A suggestion an annotator dismissed for a source, so it is not proposed again."""

    __tablename__ = "suggestion_dismissal"
    __table_args__ = (UniqueConstraint("source_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id")
    key: str = Field(max_length=64)
    dismissed_by_id: int = Field(foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
