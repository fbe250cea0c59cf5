"""The tables. Importing this package registers every model on ``SQLModel.metadata``."""

from sqlmodel import SQLModel

from factdb.models.audit import ClaimEvent, EventAction, Transition
from factdb.models.citations import Citation, Comment, Stance
from factdb.models.claims import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Excerpt,
    SuggestionDismissal,
)
from factdb.models.jobs import Job, JobStatus
from factdb.models.organizations import Organization, OrganizationAlias, normalize_name
from factdb.models.sources import Source
from factdb.models.users import ApiToken, Role, User

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "Citation",
    "Claim",
    "ClaimEvent",
    "ClaimKind",
    "ClaimStatus",
    "Comment",
    "DatePrecision",
    "EventAction",
    "Excerpt",
    "Job",
    "JobStatus",
    "Organization",
    "OrganizationAlias",
    "Role",
    "Source",
    "Stance",
    "SuggestionDismissal",
    "Transition",
    "User",
    "metadata",
    "normalize_name",
]
