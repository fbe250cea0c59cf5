"""Background jobs: long work (a large PDF report, suggestions for a long source) that runs
outside the request, with its progress and outcome kept for the user who started it."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Column, Index, Text
from sqlmodel import Field, SQLModel

from factdb.models.base import UTCDateTime, one_of
from factdb.timeutil import utcnow


class JobStatus(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobStatus.done, JobStatus.failed)


class Job(SQLModel, table=True):
    """One piece of background work. ``subject`` names what it works on (e.g. a source's text
    and the organizations known), so equal work is found and shared instead of repeated."""

    __tablename__ = "job"
    __table_args__ = (
        one_of("status", JobStatus),
        CheckConstraint("progress >= 0 AND progress <= 1", name="progress_range"),
        Index("ix_job_kind_subject", "kind", "subject"),
        Index("ix_job_owner_id_id", "owner_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=32)
    subject: str | None = Field(default=None, max_length=200)
    owner_id: int = Field(foreign_key="user_account.id")
    status: str = Field(default=JobStatus.queued.value, max_length=16)
    progress: float = Field(default=0.0)
    message: str | None = Field(default=None, sa_column=Column(Text))
    # What the job was asked to do, and what it produced (JSON); a file result is named here
    # and kept under the instance folder's jobs/ directory.
    params: str | None = Field(default=None, sa_column=Column(Text))
    result: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
