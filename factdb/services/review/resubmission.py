"""What a user needs to send a refused form again: what changed meanwhile, and whether the move
they tried is still theirs to make.

A form carries the claim version its user saw. When someone else changed the claim since, the
form comes back with what was typed, the changes made meanwhile (who, when, which fields) and
the current version, so sending it again applies the user's values on top of the new version.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from factdb.models import ClaimStatus, User
from factdb.services.errors import DomainError
from factdb.services.review.claims import claim_snapshot, get_claim
from factdb.services.review.history import HistoryEntry, claim_history
from factdb.services.review.workflow import check_party, find_move, invalid_move_message

# History entries that each produced one new claim version (see maintenance's audit check).
VERSION_ACTIONS = frozenset({"transition", "edited", "assigned", "published", "unpublished"})
FIELD_NAMES = {
    "kind": "kind",
    "text": "wording",
    "excerpt": "excerpt",
    "organization": "organization",
    "value": "value",
}
ACTION_FIELDS = {
    "transition": ("status",),
    "assigned": ("assignee",),
    "published": ("publication",),
    "unpublished": ("publication",),
}


@dataclass(frozen=True)
class Change:
    """One thing that happened to a claim after the version a user saw."""

    at: datetime
    actor: str
    summary: str
    fields: tuple[str, ...]
    note: str | None = None


@dataclass(frozen=True)
class Resubmission:
    """What a refused form shows so its user can send it again."""

    seen: int | None
    current: int
    changes: list[Change]
    refusal: str | None = None  # why the tried move is no longer the user's to make
    # The claim's content (``claim_snapshot``'s shape) as the user saw it and as it is now,
    # so a form can take the changes made meanwhile to the fields its user did not touch.
    seen_content: dict | None = None
    current_content: dict | None = None

    @property
    def stale(self) -> bool:
        return self.seen is not None and self.seen != self.current


def _fields(entry: HistoryEntry) -> tuple[str, ...]:
    if entry.action == "edited":
        return tuple(FIELD_NAMES.get(key, key) for key in (entry.after or {}))
    return ACTION_FIELDS.get(entry.action, ())


def entries_since(history: list[HistoryEntry], seen: int, current: int) -> list[HistoryEntry]:
    """The history entries from the one that made version ``seen + 1`` on, oldest first."""
    if seen >= current:
        return []
    bumps = [i for i, entry in enumerate(history) if entry.action in VERSION_ACTIONS]
    count = min(current - seen, len(bumps))
    return history[bumps[-count] if count else len(history) :]


def content_before(current: dict, entries: list[HistoryEntry]) -> dict:
    """The claim's content before ``entries``: their edits undone, newest first."""
    content = dict(current)
    for entry in reversed(entries):
        if entry.action == "edited":
            content.update(entry.before or {})
    return content


def resubmission(
    session: Session, user: User, claim_id: int, seen: int | None, to: str | None = None
) -> Resubmission:
    """The changes to a claim since version ``seen`` and, for a workflow move to status ``to``,
    why ``user`` may no longer make it (None while they may).

    Shapes: ``changes`` oldest first, each with its author's display name, time (UTC) and the
    fields it touched (kind, wording, excerpt, organization, value, status, assignee,
    publication); when the user's version is stale, the claim's content as they saw it and as
    it is now (``claim_snapshot``'s shape, as JSON data). Rules: the workflow's own (party,
    four eyes, the move from the current status); nothing is written. Raises NotFoundError.
    """
    claim = get_claim(session, claim_id)
    entries, seen_content, current_content = [], None, None
    if seen is not None and seen < claim.version:
        entries = entries_since(claim_history(session, claim.id), seen, claim.version)
        # As the audit trail stores it (JSON), so both sides compare alike.
        current_content = json.loads(json.dumps(claim_snapshot(session, claim), default=str))
        seen_content = content_before(current_content, entries)
    changes = [Change(e.at, e.actor, e.summary, _fields(e), e.note) for e in entries]
    refusal = None
    if to is not None:
        try:
            move = find_move(claim.status, to)
            if move is None:
                refusal = invalid_move_message(claim.status, ClaimStatus(to))
            else:
                check_party(user, claim, move)
        except ValueError:
            refusal = f"There is no status {to!r}."
        except DomainError as error:
            refusal = error.message
    return Resubmission(seen, claim.version, changes, refusal, seen_content, current_content)
