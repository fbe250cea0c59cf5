"""Creating and editing claims, with their excerpts, attribution and typed values."""

from __future__ import annotations

import json
from functools import cache

from sqlalchemy import bindparam, func, or_, update
from sqlmodel import Session, select

from factdb.models import (
    Claim,
    ClaimEvent,
    ClaimKind,
    ClaimStatus,
    EventAction,
    Organization,
    Role,
    Transition,
    User,
    limits,
)
from factdb.models.claims import VERDICTS
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import (
    FROZEN_MESSAGE,
    ClaimFrozenError,
    NotFoundError,
    PermissionDeniedError,
    StaleVersionError,
    ValidationError,
)
from factdb.services.inputs import parse_input
from factdb.services.review import signals
from factdb.services.review.inputs import ClaimChanges, ExcerptInput, ValueInput
from factdb.services.review.organizations import resolve_organization
from factdb.services.review.values import parse_kind, value_columns, value_dict
from factdb.services.search.index import CLAIM_FIELDS, index_claims
from factdb.services.sources.documents import get_source
from factdb.services.sources.excerpts import resolve_excerpt
from factdb.services.sources.text import one_line
from factdb.timeutil import utcnow

MAX_CLAIM_TEXT = limits.CLAIM_TEXT
# The events that change what a verdict is about. Other events (citations, comments,
# assignment, and any later bookkeeping such as re-check dates or re-anchoring) do not.
CONTENT_EVENTS = (EventAction.edited,)


def get_claim(session: Session, claim_id: int) -> Claim:
    """The claim ``claim_id``. Raises NotFoundError."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFoundError(f"No claim #{claim_id}.")
    return claim


def claim_snapshot(session: Session, claim: Claim) -> dict:
    """The editable content of a claim as JSON-friendly data (for the audit trail)."""
    organization = (
        session.get(Organization, claim.organization_id) if claim.organization_id else None
    )
    return {
        "kind": claim.kind,
        "text": claim.text,
        "excerpt": claim.excerpt.to_dict(),
        "organization": organization.name if organization else None,
        "value": value_dict(claim),
    }


def record_event(
    session: Session,
    claim: Claim,
    actor: User,
    action: EventAction,
    *,
    before: dict | None = None,
    after: dict | None = None,
    note: str | None = None,
) -> ClaimEvent:
    """Append one audit record for ``claim`` in the current transaction."""
    event = ClaimEvent(
        claim_id=claim.id,
        action=action.value,
        actor_id=actor.id,
        before=json.dumps(before, sort_keys=True, default=str) if before is not None else None,
        after=json.dumps(after, sort_keys=True, default=str) if after is not None else None,
        note=note,
    )
    session.add(event)
    session.flush()
    return event


def _claim_text(text: str | None) -> str:
    text = one_line(text)
    if not text:
        raise ValidationError("Word the claim in a sentence.", {"text": "required"})
    if len(text) > MAX_CLAIM_TEXT:
        raise ValidationError(
            f"A claim's text can be at most {MAX_CLAIM_TEXT} characters.", {"text": "too long"}
        )
    return text


def _organization_id(
    session: Session,
    kind: ClaimKind,
    name: str | None,
    context: str | None = None,
    new_organization: bool | None = None,
) -> int | None:
    if name and name.strip():
        confirm = new_organization is False
        return resolve_organization(session, name, context=context, unless_close=confirm).id
    if kind is ClaimKind.statement:
        raise ValidationError(
            "A statement must be attributed to an organization.", {"organization": "required"}
        )
    return None


def create_claim(
    session: Session,
    actor: User,
    *,
    source_id: int,
    kind: str,
    text: str,
    excerpt: ExcerptInput,
    organization: str | None = None,
    new_organization: bool | None = None,
    value: ValueInput | None = None,
) -> Claim:
    """A new draft claim marked in a source.

    Rules: any active user may create claims; the excerpt quotes the source exactly (given by
    offsets or by a quote that occurs once); statements need an organization, matched by
    name, alias or an acronym the source defines, else created — unless ``new_organization``
    is False and the unknown name is close to known ones: then it is refused with
    UnknownOrganizationError naming them ("did you mean"; True or None create it); the
    value is valid for the kind (only its kind's fields). A mapping given for ``excerpt`` or
    ``value`` is validated into the model first.
    Raises PermissionDeniedError, NotFoundError (source), ValidationError,
    UnknownOrganizationError, ExcerptError.
    """
    require_role(actor, Role.annotator)
    source = get_source(session, source_id)
    claim_kind = parse_kind(kind)
    span = resolve_excerpt(source.text, **_excerpt_args(excerpt))
    claim = Claim(
        source_id=source.id,
        kind=claim_kind.value,
        text=_claim_text(text),
        organization_id=_organization_id(
            session, claim_kind, organization, source.text, new_organization
        ),
        status=ClaimStatus.draft.value,
        created_by_id=actor.id,
        excerpt_start=span.start,
        excerpt_end=span.end,
        excerpt_exact=span.exact,
        excerpt_prefix=span.prefix,
        excerpt_suffix=span.suffix,
        **value_columns(claim_kind, _value_args(value), source.language),
    )
    session.add(claim)
    session.flush()
    record_event(session, claim, actor, EventAction.created, after=claim_snapshot(session, claim))
    signals.claim_saved.send(session, claim=claim)
    return claim


def _excerpt_args(excerpt: ExcerptInput | None) -> dict:
    if excerpt is None:
        raise ValidationError("Give the excerpt the claim came from.", {"excerpt": "required"})
    excerpt = parse_input(ExcerptInput, excerpt, what="excerpt", prefix="excerpt.")
    return excerpt.model_dump()


def _value_args(value: ValueInput | None) -> dict:
    """The value fields given (a field of another kind is refused by ``value_columns``)."""
    if value is None:
        return {}
    return parse_input(ValueInput, value, what="value", prefix="value.").given()


def may_edit(user: User, claim: Claim) -> bool:
    """Whether ``user`` may change the claim's content now (see ``check_editable``)."""
    try:
        check_editable(user, claim)
    except (PermissionDeniedError, ClaimFrozenError):
        return False
    return True


def check_editable(user: User, claim: Claim) -> None:
    """Rules: drafts are edited by their creator or an editor; submitted claims by an editor
    only; claims in review, with a verdict or retracted are frozen."""
    require_role(user, Role.annotator)
    status = ClaimStatus(claim.status)
    if status is ClaimStatus.draft:
        if claim.created_by_id != user.id and not user.has_role(Role.editor):
            raise PermissionDeniedError("Only the claim's creator or an editor may edit a draft.")
        return
    if status is ClaimStatus.submitted:
        if not user.has_role(Role.editor):
            raise ClaimFrozenError(
                "This claim is submitted for review; only an editor can still change it."
            )
        return
    if status.is_verdict:
        raise ClaimFrozenError(f"This claim is {status.label}. {FROZEN_MESSAGE}")
    if status is ClaimStatus.in_review:
        raise ClaimFrozenError(
            "This claim is in review; the reviewer can send it back to draft for changes."
        )
    raise ClaimFrozenError("This claim is retracted; an editor can restore it to draft.")


def last_change(session: Session, claim_id: int) -> tuple[str | None, object]:
    """Who made the newest audited change to a claim, and when."""
    newest = None
    for model in (Transition, ClaimEvent):
        row = session.exec(
            select(model).where(model.claim_id == claim_id).order_by(model.id.desc()).limit(1)
        ).first()
        if row is not None and (newest is None or row.created_at > newest.created_at):
            newest = row
    if newest is None:
        return None, None
    actor = session.get(User, newest.actor_id)
    return (actor.display_name if actor else None), newest.created_at


def content_authors(session: Session, claim: Claim) -> dict[int, str]:
    """Who wrote the claim's content as it stands, each with the reason, for the four-eyes rule.

    Rules: the creator always; anyone whose edit event (in ``CONTENT_EVENTS``) changed the
    kind, text, excerpt, attribution or value since the claim's last verdict.
    """
    authors = {claim.created_by_id: "You created this claim"}
    for actor_id, after in session.exec(_content_events(), params={"claim_id": claim.id}):
        if actor_id not in authors and _changes_content(after):
            authors[actor_id] = "You changed this claim's content"
    return authors


@cache
def _content_events():
    """The content events (actor, after) of the claim ``:claim_id`` since its last verdict,
    in one statement, built once."""
    claim_id = bindparam("claim_id")
    last_verdict = (
        select(func.max(Transition.created_at))
        .where(
            Transition.claim_id == claim_id,
            Transition.to_status.in_([status.value for status in VERDICTS]),
        )
        .scalar_subquery()
    )
    return select(ClaimEvent.actor_id, ClaimEvent.after).where(
        ClaimEvent.claim_id == claim_id,
        ClaimEvent.action.in_([action.value for action in CONTENT_EVENTS]),
        or_(last_verdict.is_(None), ClaimEvent.created_at > last_verdict),
    )


def _changes_content(after: str | None) -> bool:
    try:
        changed = set(json.loads(after or "null") or {})
    except (ValueError, TypeError):
        return True  # an unreadable record is counted: the rule errs on the side of four eyes
    return bool(changed & set(ClaimChanges.model_fields))


def check_version(session: Session, claim: Claim, seen: int | None) -> None:
    """Rules: every change names the version the caller saw; an older one is a conflict."""
    if seen is None:
        raise ValidationError("Say which version of the claim you saw.", {"version": "required"})
    if isinstance(seen, bool) or not isinstance(seen, int):
        raise ValidationError("The version must be a whole number.", {"version": "not integer"})
    if claim.version != seen:
        who, when = last_change(session, claim.id)
        raise StaleVersionError(seen, claim.version, who, when)


def bump_version(session: Session, claim: Claim, seen: int, **values) -> None:
    """Write ``values`` and the next version, only if the stored version is still ``seen``.

    Two writers that both saw version N race here: the database lets exactly one through.
    """
    result = session.execute(
        update(Claim)
        .where(Claim.id == claim.id, Claim.version == seen)
        .values(version=seen + 1, updated_at=utcnow(), **values)
    )
    if result.rowcount != 1:
        session.expire(claim)
        session.refresh(claim)
        who, when = last_change(session, claim.id)
        raise StaleVersionError(seen, claim.version, who, when)
    if set(values) & set(CLAIM_FIELDS):  # an UPDATE statement: no flush reindexes it
        index_claims(session.connection(), [claim.id])


def edit_claim(
    session: Session, actor: User, claim_id: int, version: int, changes: ClaimChanges
) -> Claim:
    """Change a claim's kind, text, excerpt, attribution or value (the fields ``changes``
    sets; a mapping is validated into ClaimChanges first).

    Rules: see ``check_editable``; the caller's version must be current; the same checks as
    creation apply to the result (``new_organization`` as for ``create_claim``); the audit
    trail records what changed, before and after; a change to what the claim already holds
    writes nothing (same version, no history line).
    Raises NotFoundError, PermissionDeniedError, ClaimFrozenError, StaleVersionError,
    ValidationError, ExcerptError.
    """
    claim = get_claim(session, claim_id)
    check_editable(actor, claim)
    check_version(session, claim, version)
    changes = parse_input(ClaimChanges, changes, what="change").given()
    before = claim_snapshot(session, claim)
    kind = parse_kind(changes.get("kind", claim.kind))
    values: dict = {"kind": kind.value}
    if "text" in changes:
        values["text"] = _claim_text(changes["text"])
    if "excerpt" in changes:
        span = resolve_excerpt(
            get_source(session, claim.source_id).text, **_excerpt_args(changes["excerpt"])
        )
        values.update(
            excerpt_start=span.start,
            excerpt_end=span.end,
            excerpt_exact=span.exact,
            excerpt_prefix=span.prefix,
            excerpt_suffix=span.suffix,
        )
    if "organization" in changes:
        context = get_source(session, claim.source_id).text
        values["organization_id"] = _organization_id(
            session, kind, changes["organization"], context, changes.get("new_organization")
        )
    elif kind is ClaimKind.statement and claim.organization_id is None:
        raise ValidationError(
            "A statement must be attributed to an organization.", {"organization": "required"}
        )
    if "value" in changes or kind.value != claim.kind:
        language = get_source(session, claim.source_id).language
        values.update(value_columns(kind, _value_args(changes.get("value")), language))
    if all(getattr(claim, key) == value for key, value in values.items()):
        return claim  # nothing changes: no new version to make other open pages stale
    bump_version(session, claim, version, **values)
    after = claim_snapshot(session, claim)
    changed = {key for key in after if after[key] != before[key]}
    record_event(
        session,
        claim,
        actor,
        EventAction.edited,
        before={k: before[k] for k in sorted(changed)},
        after={k: after[k] for k in sorted(changed)},
    )
    signals.claim_saved.send(session, claim=claim)
    return claim
