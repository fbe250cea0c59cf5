"""Citations and comments on a claim, and assigning it to a reviewer."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from factdb.models import (
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    EventAction,
    Role,
    Stance,
    User,
    limits,
)
from factdb.services.accounts.directory import active_reviewers
from factdb.services.accounts.permissions import require_role
from factdb.services.accounts.users import get_user
from factdb.services.errors import (
    ClaimFrozenError,
    FourEyesError,
    InvalidTransitionError,
    ValidationError,
)
from factdb.services.review import signals
from factdb.services.review.claims import (
    bump_version,
    check_version,
    content_authors,
    get_claim,
    record_event,
)
from factdb.services.review.values import parse_optional_date
from factdb.services.sources.documents import check_http_url
from factdb.services.sources.text import one_line

MAX_QUOTE = limits.QUOTE
MAX_COMMENT = limits.COMMENT


def _line(value: str | None, field: str, limit: int) -> str | None:
    value = one_line(value)
    if len(value) > limit:
        raise ValidationError(f"The {field} can be at most {limit} characters.", {field: "long"})
    return value or None


def _block(value: str | None, field: str, limit: int) -> str | None:
    value = (value or "").replace("\x00", "").strip()
    if len(value) > limit:
        raise ValidationError(f"The {field} can be at most {limit} characters.", {field: "long"})
    return value or None


def parse_stance(stance: str) -> Stance:
    try:
        return Stance((stance or "").strip().lower())
    except ValueError:
        raise ValidationError(
            f"Unknown stance {stance!r}; choose supports, refutes or context.",
            {"stance": "unknown"},
        ) from None


def add_citation(
    session: Session,
    actor: User,
    claim_id: int,
    *,
    url: str,
    stance: str,
    title: str | None = None,
    publisher: str | None = None,
    published: date | str | None = None,
    accessed: date | str | None = None,
    quote: str | None = None,
) -> Citation:
    """Attach evidence to a claim.

    Rules: any active user; http(s) URLs only; a known stance; not on a claim with a verdict
    (the verdict rests on the evidence it saw; reopen the claim first). The fields are
    ``NewCitation``'s (``add_citation(..., **citation.given())``).
    Raises PermissionDeniedError, NotFoundError, ClaimFrozenError, ValidationError.
    """
    require_role(actor, Role.annotator)
    claim = get_claim(session, claim_id)
    if ClaimStatus(claim.status).is_verdict:
        raise ClaimFrozenError(
            "This claim has a verdict; an editor must reopen it before evidence changes."
        )
    url = check_http_url(url)
    if url is None:
        raise ValidationError("A citation needs the URL of its evidence.", {"url": "required"})
    citation = Citation(
        claim_id=claim.id,
        url=url,
        stance=parse_stance(stance).value,
        title=_line(title, "title", limits.TITLE),
        publisher=_line(publisher, "publisher", limits.PUBLISHER),
        published=parse_optional_date(published, "published"),
        accessed=parse_optional_date(accessed, "accessed"),
        quote=_block(quote, "quote", MAX_QUOTE),
        added_by_id=actor.id,
    )
    session.add(citation)
    session.flush()
    record_event(
        session,
        claim,
        actor,
        EventAction.citation_added,
        after={"citation_id": citation.id, "url": url, "stance": citation.stance},
    )
    return citation


def add_comment(session: Session, actor: User, claim_id: int, body: str) -> Comment:
    """Add a comment to a claim.

    Rules: any active user may comment on any claim; the body is not empty and at most
    ``limits.COMMENT`` characters. Raises PermissionDeniedError, NotFoundError,
    ValidationError.
    """
    require_role(actor, Role.annotator)
    claim = get_claim(session, claim_id)
    body = _block(body, "comment", MAX_COMMENT)
    if not body:
        raise ValidationError("Write something to comment.", {"body": "required"})
    comment = Comment(claim_id=claim.id, author_id=actor.id, body=body)
    session.add(comment)
    session.flush()
    record_event(session, claim, actor, EventAction.comment_added, after={"comment_id": comment.id})
    signals.comment_added.send(session, claim=claim, actor=actor, comment=comment)
    return comment


ASSIGNABLE = (ClaimStatus.submitted, ClaimStatus.in_review)


def may_assign(user: User, claim: Claim) -> bool:
    """Rules: editors assign; only submitted or in-review claims are assigned."""
    return user.has_role(Role.editor) and ClaimStatus(claim.status) in ASSIGNABLE


def may_be_assigned(user: User, claim: Claim) -> bool:
    """Rules: an active reviewer or editor who did not create the claim (four eyes)."""
    return user.active and user.has_role(Role.reviewer) and user.id != claim.created_by_id


def assignable_reviewers(session: Session, viewer: User, claim: Claim) -> list[User]:
    """Who ``viewer`` could assign ``claim`` to now, by display name (empty when ``viewer``
    may not assign it; see ``may_assign`` and ``may_be_assigned``)."""
    if not may_assign(viewer, claim):
        return []
    return [user for user in active_reviewers(session) if may_be_assigned(user, claim)]


def assign(session: Session, actor: User, claim_id: int, assignee_id: int, version: int) -> Claim:
    """Assign or reassign a claim to a reviewer.

    Rules: editors only; the claim is submitted or in review; the assignee is an active
    reviewer or editor who did not create the claim (four eyes); the version is current.
    Raises PermissionDeniedError, NotFoundError, StaleVersionError, InvalidTransitionError,
    ValidationError, FourEyesError.
    """
    require_role(actor, Role.editor)
    claim = get_claim(session, claim_id)
    check_version(session, claim, version)
    if ClaimStatus(claim.status) not in ASSIGNABLE:
        raise InvalidTransitionError(
            f"Only submitted or in-review claims are assigned; this one is "
            f"{ClaimStatus(claim.status).label}."
        )
    assignee = get_user(session, assignee_id)
    if not assignee.active or not assignee.has_role(Role.reviewer):
        raise ValidationError(
            f"{assignee.display_name} is not an active reviewer.", {"assignee": "not a reviewer"}
        )
    if assignee.id in content_authors(session, claim):
        raise FourEyesError(
            f"{assignee.display_name} created or changed this claim's content and cannot "
            "review it (four-eyes rule)."
        )
    before = {"assignee_id": claim.assignee_id}
    if claim.assignee_id == assignee.id:
        return claim
    bump_version(session, claim, version, assignee_id=assignee.id)
    record_event(
        session,
        claim,
        actor,
        EventAction.assigned,
        before=before,
        after={"assignee_id": assignee.id},
    )
    signals.claim_assigned.send(session, claim=claim, actor=actor)
    return claim


def bulk_assign(
    session: Session, actor: User, claim_versions: dict[int, int], assignee_id: int
) -> list[Claim]:
    """Assign several claims at once: all of them, or (on any refusal) none.

    Rules and errors: those of ``assign``, for each claim.
    """
    return [
        assign(session, actor, claim_id, assignee_id, version)
        for claim_id, version in sorted(claim_versions.items())
    ]
