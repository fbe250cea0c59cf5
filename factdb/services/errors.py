"""Named domain errors. Each carries a stable ``code`` and the HTTP status the web layers use."""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """A refused user action; ``str(error)`` is a message a reviewer understands."""

    code = "error"
    http_status = 400

    def __init__(self, message: str, **details) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def to_dict(self) -> dict:
        body = {"error": self.code, "message": self.message}
        body.update({k: v for k, v in self.details.items() if v is not None})
        return body


class ValidationError(DomainError):
    """Input that cannot be stored; ``fields`` maps a field name to its problem."""

    code = "invalid"
    http_status = 422

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message, fields=fields or None)
        self.fields = fields or {}


class UnknownOrganizationError(ValidationError):
    """An organization name that matches no organization, alias or acronym, given where a
    new organization must be confirmed; ``candidates`` are the close names."""

    code = "unknown_organization"

    def __init__(self, name: str, candidates: list[str]) -> None:
        message = f"No organization named {name}"
        if candidates:
            message += "; did you mean " + " or ".join(candidates) + "?"
        else:
            message += "; check the spelling, or confirm it is a new organization."
        super().__init__(message, {"organization": "unknown"})
        self.name, self.candidates = name, list(candidates)
        self.details["candidates"] = self.candidates


class ExcerptError(ValidationError):
    code = "invalid_excerpt"


class FetchError(DomainError):
    """A URL that may not be fetched, or whose fetch failed (refused, too big, too slow)."""

    code = "fetch_failed"
    http_status = 422


class NotFoundError(DomainError):
    code = "not_found"
    http_status = 404


class UnavailableError(DomainError):
    """A capability whose optional extra is not installed here (e.g. semantic matching)."""

    code = "unavailable"
    http_status = 503


class DuplicateError(DomainError):
    code = "duplicate"
    http_status = 409


class PermissionDeniedError(DomainError):
    """Not allowed for this user's role (or this user is not the claim's creator/assignee)."""

    code = "forbidden"
    http_status = 403


class InactiveUserError(PermissionDeniedError):
    code = "inactive_user"


class FourEyesError(PermissionDeniedError):
    code = "four_eyes"


class InvalidTransitionError(DomainError):
    code = "invalid_transition"
    http_status = 422


class NoteRequiredError(DomainError):
    code = "note_required"
    http_status = 422


class MissingEvidenceError(DomainError):
    code = "missing_evidence"
    http_status = 422


# What a refusal on a decided claim says (the claim page, the error page, the API).
FROZEN_MESSAGE = "Decided claims are frozen; an editor can reopen it."


class ClaimFrozenError(DomainError):
    code = "claim_frozen"
    http_status = 409


class StaleVersionError(DomainError):
    """The caller saw an older version of the claim than the one stored."""

    code = "stale_version"
    http_status = 409

    def __init__(
        self,
        seen: int,
        current: int,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
    ) -> None:
        who = f" by {changed_by}" if changed_by else ""
        when = f" at {changed_at:%Y-%m-%d %H:%M} UTC" if changed_at else ""
        super().__init__(
            f"This claim was changed{who}{when} after you opened it (you saw version {seen}, "
            f"it is now version {current}). Check what changed, then try again.",
            current_version=current,
            changed_by=changed_by,
            changed_at=changed_at.isoformat() if changed_at else None,
        )
        self.seen = seen
        self.current = current


class GoneError(NotFoundError):
    """It existed and was deliberately taken away (a withdrawn public page)."""

    code = "gone"
    http_status = 410


class SuggestionsPendingError(DomainError):
    """Suggestions for a long source are being computed by a background job."""

    code = "pending"
    http_status = 202

    def __init__(self, job_id: int | None, progress: float = 0.0) -> None:
        follow = f"; follow job #{job_id}" if job_id else "; open the source to start them"
        super().__init__(
            f"Suggestions for this long source are being computed ({progress:.0%} done){follow}.",
            job_id=job_id,
        )
        self.job_id = job_id
        self.progress = progress
