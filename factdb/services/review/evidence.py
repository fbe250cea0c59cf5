"""Citations and comments on a claim, and assigning it to a reviewer."""

from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session

from factdb.models import (
    Citation,
    Claim,
    ClaimStatus,
    Comment,
    EventAction,
    EvidenceAction,
    EvidenceChange,
    Role,
    Stance,
    User,
    limits,
)
from factdb.services.accounts.directory import active_reviewers, people_names
from factdb.services.accounts.permissions import require_role
from factdb.services.accounts.users import get_user
from factdb.services.errors import (
    FROZEN_MESSAGE,
    ClaimFrozenError,
    FourEyesError,
    InvalidTransitionError,
    NotFoundError,
    PermissionDeniedError,
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
from factdb.timeutil import utcnow

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


def _citation_fields(given: dict) -> dict:
    """The citation columns for the ``NewCitation`` fields in ``given``, checked."""
    checks = {
        "url": lambda v: _citation_url(v),
        "stance": lambda v: parse_stance(v).value,
        "title": lambda v: _line(v, "title", limits.TITLE),
        "publisher": lambda v: _line(v, "publisher", limits.PUBLISHER),
        "published": lambda v: parse_optional_date(v, "published"),
        "accessed": lambda v: parse_optional_date(v, "accessed"),
        "quote": lambda v: _block(v, "quote", MAX_QUOTE),
    }
    return {name: checks[name](value) for name, value in given.items() if name in checks}


def _citation_url(url: str | None) -> str:
    url = check_http_url(url)
    if url is None:
        raise ValidationError("A citation needs the URL of its evidence.", {"url": "required"})
    return url


def check_open_for_evidence(claim: Claim) -> None:
    """Rules: evidence is added, edited and withdrawn only before a verdict (the verdict rests
    on the evidence it saw). Raises ClaimFrozenError."""
    if ClaimStatus(claim.status).is_verdict:
        raise ClaimFrozenError(
            f"This claim is {ClaimStatus(claim.status).label}. {FROZEN_MESSAGE} Its evidence "
            "changes only after that."
        )


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
    check_open_for_evidence(claim)
    fields = _citation_fields(
        {
            "url": url,
            "stance": stance,
            "title": title,
            "publisher": publisher,
            "published": published,
            "accessed": accessed,
            "quote": quote,
        }
    )
    citation = Citation(claim_id=claim.id, added_by_id=actor.id, **fields)
    session.add(citation)
    session.flush()
    record_event(
        session,
        claim,
        actor,
        EventAction.citation_added,
        after={"citation_id": citation.id, "url": citation.url, "stance": citation.stance},
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


CITATION_FIELDS = ("url", "stance", "title", "publisher", "published", "accessed", "quote")


def may_add_citation(user: User, claim: Claim) -> bool:
    """Rules: any active user (annotator and up) adds citations until the claim has a
    verdict (see ``add_citation``)."""
    return (
        user.active and user.has_role(Role.annotator) and not ClaimStatus(claim.status).is_verdict
    )


def may_change_evidence(user: User, author_id: int, claim: Claim) -> bool:
    """Rules: the author of a citation or comment, or an editor, until the claim has a
    verdict."""
    return (
        user.active
        and (user.id == author_id or user.has_role(Role.editor))
        and not ClaimStatus(claim.status).is_verdict
    )


def _changeable(session: Session, actor: User, claim_id: int, item, author_id: int, what: str):
    """The claim of ``item`` once ``actor`` may change it (see ``may_change_evidence``)."""
    require_role(actor, Role.annotator)
    claim = get_claim(session, claim_id)
    if item is None or item.claim_id != claim.id:
        raise NotFoundError(f"No such {what} on claim #{claim.id}.")
    if item.withdrawn_at is not None:
        raise InvalidTransitionError(f"This {what} was withdrawn; add a new one instead.")
    check_open_for_evidence(claim)
    if actor.id != author_id and not actor.has_role(Role.editor):
        raise PermissionDeniedError(f"Only the {what}'s author or an editor may change it.")
    return claim


def _record_change(session: Session, actor: User, item, action: EvidenceAction, before, after):
    key = "citation_id" if isinstance(item, Citation) else "comment_id"
    session.add(
        EvidenceChange(
            claim_id=item.claim_id,
            action=action.value,
            actor_id=actor.id,
            before=json.dumps(before, sort_keys=True, default=str),
            after=json.dumps(after, sort_keys=True, default=str),
            **{key: item.id},
        )
    )
    session.flush()


def edit_citation(
    session: Session, actor: User, claim_id: int, citation_id: int, changes: dict
) -> Citation:
    """Correct a citation: the ``NewCitation`` fields in ``changes`` replace the stored ones.

    Rules: the citation's author or an editor, before the claim has a verdict, not on a
    withdrawn citation; the same checks as adding one (http(s) URL, known stance, lengths in
    characters). Audited in ``evidence_change`` with the fields before and after; not a
    content edit of the claim (its version and four eyes are untouched).
    Raises PermissionDeniedError, NotFoundError, ClaimFrozenError, InvalidTransitionError,
    ValidationError.
    """
    citation = session.get(Citation, citation_id)
    author = citation.added_by_id if citation else None
    _changeable(session, actor, claim_id, citation, author, "citation")
    fields = _citation_fields({k: v for k, v in changes.items() if k in CITATION_FIELDS})
    changed = {k: v for k, v in fields.items() if getattr(citation, k) != v}
    if not changed:
        return citation
    before = {k: getattr(citation, k) for k in changed}
    for name, value in changed.items():
        setattr(citation, name, value)
    citation.edited_at = utcnow()
    session.add(citation)
    _record_change(session, actor, citation, EvidenceAction.edited, before, changed)
    return citation


def edit_comment(
    session: Session, actor: User, claim_id: int, comment_id: int, body: str
) -> Comment:
    """Reword a comment.

    Rules: the comment's author or an editor, before the claim has a verdict, not on a
    withdrawn comment; not empty, at most ``limits.COMMENT`` characters. Audited in
    ``evidence_change``; announced as ``signals.comment_edited``. Raises
    PermissionDeniedError, NotFoundError, ClaimFrozenError, InvalidTransitionError,
    ValidationError.
    """
    comment = session.get(Comment, comment_id)
    author = comment.author_id if comment else None
    claim = _changeable(session, actor, claim_id, comment, author, "comment")
    body = _block(body, "comment", MAX_COMMENT)
    if not body:
        raise ValidationError("Write something, or withdraw the comment.", {"body": "required"})
    if body == comment.body:
        return comment
    before = {"body": comment.body}
    comment.body, comment.edited_at = body, utcnow()
    session.add(comment)
    _record_change(session, actor, comment, EvidenceAction.edited, before, {"body": body})
    signals.comment_edited.send(
        session, claim=claim, actor=actor, comment=comment, previous=before["body"]
    )
    return comment


def withdraw_evidence(
    session: Session,
    actor: User,
    claim_id: int,
    *,
    citation_id: int | None = None,
    comment_id: int | None = None,
    note: str | None = None,
) -> Citation | Comment:
    """Withdraw a citation or a comment: it stays in the claim's history, struck through,
    and a withdrawn citation no longer counts as evidence for a verdict.

    Rules: the author or an editor, before the claim has a verdict, once; the optional note
    is at most ``limits.NOTE`` characters. Audited in ``evidence_change``; not a content
    edit of the claim. Raises PermissionDeniedError, NotFoundError, ClaimFrozenError,
    InvalidTransitionError, ValidationError.
    """
    if citation_id is not None:
        item = session.get(Citation, citation_id)
        author, what = (item.added_by_id if item else None), "citation"
    else:
        item = session.get(Comment, comment_id) if comment_id is not None else None
        author, what = (item.author_id if item else None), "comment"
    _changeable(session, actor, claim_id, item, author, what)
    note = _block(note, "note", limits.NOTE)
    item.withdrawn_at, item.withdrawn_by_id = utcnow(), actor.id
    session.add(item)
    _record_change(session, actor, item, EvidenceAction.withdrawn, None, {"note": note})
    return item


def evidence_names(session: Session, item: Citation | Comment) -> dict[int, str]:
    """Display names of the people a citation or comment mentions (author, withdrawer)."""
    author = item.added_by_id if isinstance(item, Citation) else item.author_id
    return people_names(session, [author, item.withdrawn_by_id])


ASSIGNABLE = (ClaimStatus.submitted, ClaimStatus.in_review)


def may_assign(user: User, claim: Claim) -> bool:
    """Rules: editors assign; only submitted or in-review claims are assigned."""
    return user.has_role(Role.editor) and ClaimStatus(claim.status) in ASSIGNABLE


def assignable_reviewers(session: Session, viewer: User, claim: Claim) -> list[User]:
    """Who ``viewer`` could assign ``claim`` to now, by display name: the active reviewers
    and editors who wrote none of its content (four eyes, ``content_authors``: whoever
    created it or changed its content), as ``assign`` checks. Empty when ``viewer`` may not
    assign it (``may_assign``)."""
    if not may_assign(viewer, claim):
        return []
    authors = content_authors(session, claim)
    return [user for user in active_reviewers(session) if user.id not in authors]


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
