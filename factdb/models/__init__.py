"""The tables. Importing this package registers every model on ``SQLModel.metadata``."""

from sqlmodel import SQLModel

from factdb.models.audit import ClaimEvent, EventAction, Transition
from factdb.models.citations import (
    Citation,
    Comment,
    EvidenceAction,
    EvidenceChange,
    Stance,
)
from factdb.models.claims import (
    Claim,
    ClaimKind,
    ClaimStatus,
    DatePrecision,
    Excerpt,
    SuggestionDismissal,
)
from factdb.models.embeddings import ClaimEmbedding
from factdb.models.jobs import Job, JobStatus
from factdb.models.notifications import Notification, NotificationKind
from factdb.models.organizations import Organization, OrganizationAlias, normalize_name
from factdb.models.presence import ClaimPresence
from factdb.models.publishing import (
    FactCheck,
    NormalizedRating,
    Publication,
    PublicationAction,
)
from factdb.models.saved_filters import SavedFilter
from factdb.models.security import Outcome, SecurityAction, SecurityEvent, SignInFailure
from factdb.models.sources import (
    ClaimReanchor,
    ReanchorResult,
    Source,
    SourcePreview,
    SourceRetrieval,
    SourceRevision,
)
from factdb.models.tracking import (
    ClaimConflict,
    ClaimMatch,
    ConflictReason,
    ConflictStatus,
    OrganizationAction,
    OrganizationChange,
    RecheckChange,
    RecheckRequest,
    RecheckRequestStatus,
)
from factdb.models.users import ApiToken, Role, User

metadata = SQLModel.metadata

__all__ = [
    "ApiToken",
    "Citation",
    "Claim",
    "ClaimConflict",
    "ClaimEmbedding",
    "ClaimEvent",
    "ClaimKind",
    "ClaimMatch",
    "ClaimPresence",
    "ClaimReanchor",
    "ClaimStatus",
    "Comment",
    "ConflictReason",
    "ConflictStatus",
    "DatePrecision",
    "EventAction",
    "EvidenceAction",
    "EvidenceChange",
    "Excerpt",
    "FactCheck",
    "Job",
    "JobStatus",
    "NormalizedRating",
    "Notification",
    "NotificationKind",
    "Organization",
    "OrganizationAction",
    "OrganizationAlias",
    "OrganizationChange",
    "Outcome",
    "Publication",
    "PublicationAction",
    "ReanchorResult",
    "RecheckChange",
    "RecheckRequest",
    "RecheckRequestStatus",
    "Role",
    "SavedFilter",
    "SecurityAction",
    "SecurityEvent",
    "SignInFailure",
    "Source",
    "SourcePreview",
    "SourceRetrieval",
    "SourceRevision",
    "Stance",
    "SuggestionDismissal",
    "Transition",
    "User",
    "metadata",
    "normalize_name",
]
