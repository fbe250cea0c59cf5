"""Suggested claims for a source: what the suggestion engine finds, minus what annotators
dismissed, with the ones an existing claim already covers marked as such."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from sqlalchemy import func, insert
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, select

from factdb.models import Claim, Organization, OrganizationAlias, Role, SuggestionDismissal, User
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.review.organizations import organization_aliases
from factdb.services.sources.documents import get_source
from factdb.services.suggest import Suggestion, background, suggest
from factdb.timeutil import utcnow

KINDS = ("statement", "date", "figure")


@dataclass(frozen=True)
class SourceSuggestion:
    suggestion: Suggestion
    covered_by: int | None  # the id of a claim whose excerpt overlaps this one

    def to_dict(self) -> dict:
        return {**self.suggestion.to_dict(), "covered_by": self.covered_by}


def _claim_spans(session: Session, source_id: int) -> list[tuple[int, int, int]]:
    return list(
        session.exec(
            select(Claim.excerpt_start, Claim.excerpt_end, Claim.id)
            .where(Claim.source_id == source_id, Claim.status != "retracted")
            .order_by(Claim.excerpt_start)
        ).all()
    )


# A source's text never changes, so what the engine finds in it changes only when the known
# organizations do. Finding takes ~100-200 ms for a long article; reading the cache, none.
_FOUND: OrderedDict[tuple, list[Suggestion]] = OrderedDict()
_FOUND_LOCK = threading.Lock()
FOUND_CACHE_SIZE = 64


def _organizations_state(session: Session) -> tuple:
    """Changes whenever an organization or alias is added or removed."""
    return tuple(
        session.exec(select(func.count(), func.max(model.id))).one()
        for model in (Organization, OrganizationAlias)
    )


def found_suggestions(
    session: Session, source, requested_by: User | None = None
) -> list[Suggestion]:
    """Everything the engine finds in ``source``, dismissed or not, in text order.

    Rules: found once per text and state of the known organizations (kept in memory, or by
    the background job for a long source). Raises SuggestionsPendingError.
    """
    state = _organizations_state(session)
    key = (source.sha256, source.published, state)
    with _FOUND_LOCK:
        if key in _FOUND:
            _FOUND.move_to_end(key)
            return _FOUND[key]
    if len(source.text) > background.inline_limit():
        found = background.stored_or_started(
            session, source, background.subject(source, state), requested_by
        )
    else:
        found = suggest(source.text, source.published, organization_aliases(session))
    with _FOUND_LOCK:
        _FOUND[key] = found
        while len(_FOUND) > FOUND_CACHE_SIZE:
            _FOUND.popitem(last=False)
    return found


def source_suggestions(
    session: Session,
    source_id: int,
    *,
    include_covered: bool = True,
    requested_by: User | None = None,
) -> list[SourceSuggestion]:
    """The suggestions for a source, in text order.

    Rules: dismissed suggestions never come back; a suggestion overlapping a claim's excerpt
    (other than a retracted one) is marked as covered by that claim; a source longer than
    the inline limit gets them from a background job, started for ``requested_by`` when
    none is under way. Raises NotFoundError, SuggestionsPendingError (the job to follow).
    """
    source = get_source(session, source_id)
    dismissed = set(
        session.exec(
            select(SuggestionDismissal.key).where(SuggestionDismissal.source_id == source.id)
        ).all()
    )
    spans = _claim_spans(session, source.id)
    results = []
    for found in found_suggestions(session, source, requested_by):
        if found.key in dismissed:
            continue
        covered = next((cid for s, e, cid in spans if s < found.end and found.start < e), None)
        if covered is None or include_covered:
            results.append(SourceSuggestion(found, covered))
    return results


def find_suggestion(
    session: Session, source_id: int, key: str, requested_by: User | None = None
) -> SourceSuggestion:
    for item in source_suggestions(session, source_id, requested_by=requested_by):
        if item.suggestion.key == key:
            return item
    raise NotFoundError(f"No suggestion {key!r} for source #{source_id}.")


def dismiss_suggestion(session: Session, actor: User, source_id: int, key: str) -> None:
    """Rules: any active user; the suggestion must exist; dismissing twice is harmless."""
    require_role(actor, Role.annotator)
    find_suggestion(session, source_id, key, actor)
    session.add(SuggestionDismissal(source_id=source_id, key=key, dismissed_by_id=actor.id))
    session.flush()


def claim_fields(found: Suggestion) -> dict:
    """The create_claim arguments a suggestion proposes (excerpt, kind, text, value, org)."""
    value = dict(found.value)
    if found.kind == "date":
        value = {k: value.get(k) for k in ("date", "precision", "end")}
    elif found.kind == "figure":
        value = {k: value.get(k) for k in ("amount", "unit", "lower", "upper", "approximate")}
    else:
        value = {"speaker": found.speaker or value.get("speaker"), "said_on": value.get("said_on")}
    return {
        "kind": found.kind,
        "text": found.text,
        "excerpt": {"start": found.start, "end": found.end},
        "organization": found.organization,
        "value": value,
    }


def proposed_claim(session: Session, actor: User, source_id: int, key: str) -> dict:
    """The claim a suggestion proposes, as claim-form fields; nothing is stored.

    Accepting a suggestion opens the claim form with these fields: the draft exists only
    once the form is saved, so a cancelled form leaves nothing behind. Rules: any active
    user; the suggestion must still be proposed (not dismissed); one already covered by a
    claim is refused. Raises NotFoundError, ValidationError, PermissionDeniedError.
    """
    require_role(actor, Role.annotator)
    item = find_suggestion(session, source_id, key, actor)
    if item.covered_by is not None:
        raise ValidationError(
            f"Claim #{item.covered_by} already covers this passage.", {"key": "covered"}
        )
    return claim_fields(item.suggestion)


def dismiss_all(session: Session, actor: User, source_id: int, kind: str) -> int:
    """Dismiss every proposed suggestion of ``kind`` in a source; returns how many.

    Rules: any active user; ``kind`` is statement, date or figure; only suggestions the
    reader proposes are dismissed (not those a claim already covers), all in the caller's
    one transaction. Raises ValidationError, NotFoundError, SuggestionsPendingError,
    PermissionDeniedError.
    """
    require_role(actor, Role.annotator)
    if kind not in KINDS:
        raise ValidationError(
            f"Unknown kind of suggestion {kind!r}: use {', '.join(KINDS)}.", {"kind": "unknown"}
        )
    items = source_suggestions(session, source_id, include_covered=False, requested_by=actor)
    keys = [item.suggestion.key for item in items if item.suggestion.kind == kind]
    if keys:
        # One multi-row INSERT: a long source has thousands of suggestions of a kind.
        now = utcnow()
        rows = [
            {"source_id": source_id, "key": key, "dismissed_by_id": actor.id, "created_at": now}
            for key in keys
        ]
        session.execute(_insert_missing(session, SuggestionDismissal), rows)
    return len(keys)


def _insert_missing(session: Session, model):
    """An INSERT that skips rows already there (a double-clicked "Dismiss all" sends two
    requests that both saw the same suggestions; the second must not fail)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql_insert(model).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite_insert(model).on_conflict_do_nothing()
    return insert(model)


def restore_dismissal(session: Session, actor: User, source_id: int, key: str) -> None:
    """Undo a dismissal: the suggestion is proposed again in the reader.

    Rules: any active user (as for dismissing); the dismissal must exist for this source.
    Raises NotFoundError, PermissionDeniedError.
    """
    require_role(actor, Role.annotator)
    dismissal = session.exec(
        select(SuggestionDismissal).where(
            SuggestionDismissal.source_id == source_id, SuggestionDismissal.key == key
        )
    ).first()
    if dismissal is None:
        raise NotFoundError(f"No dismissed suggestion {key!r} for source #{source_id}.")
    session.delete(dismissal)
    session.flush()
