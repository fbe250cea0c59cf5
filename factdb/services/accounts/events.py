"""Security events: one append-only row and one structured log line per account action.

Sign-ins, sign-outs, password changes and forced resets, user creation, role changes,
(de)activation, API token creation and revocation. The client address comes from the
request being served (``client_address``), or "cli" for the operator at the command line.
"""

from __future__ import annotations

import contextvars
import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from factdb.models import Role, SecurityEvent, User
from factdb.models.security import Outcome, SecurityAction
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import ValidationError

log = logging.getLogger("factdb.security")
client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "client_address", default=None
)
DETAIL_MAX_CHARS = 500
PAGE_SIZE = 50


def _unstorable(char: str) -> bool:
    # PostgreSQL stores neither NUL nor a lone surrogate (SQLite would, differently).
    return char == "\x00" or "\ud800" <= char <= "\udfff"


def is_storable(*texts: str | None) -> bool:
    """Whether every text can be stored and queried alike on SQLite and PostgreSQL."""
    return not any(_unstorable(c) for text in texts for c in text or "")


def storable(text: str) -> str:
    """``text`` without the characters ``is_storable`` refuses."""
    return "".join(c for c in text if not _unstorable(c))


def keep_on_refusal(session: Session) -> None:
    """Commit this session's writes (the event, a failed attempt) even though the request is
    answered with an error; ``factdb.db`` honours the mark."""
    session.info["keep_on_refusal"] = True


def record(
    session: Session,
    action: SecurityAction,
    *,
    actor: User | None = None,
    subject: User | None = None,
    outcome: str = Outcome.success,
    detail: str | None = None,
) -> SecurityEvent:
    """Append one security event and write its log line.

    Rules: rows are never changed or deleted (database triggers refuse it); ``detail`` is cut
    to 500 characters; the log line is ``key=value`` pairs with JSON-quoted values, so typed
    text cannot forge a line.
    """
    event = SecurityEvent(
        action=SecurityAction(action).value,
        outcome=Outcome(outcome).value,
        actor_id=actor.id if actor is not None else None,
        subject_id=subject.id if subject is not None else None,
        address=(client_address.get() or "cli")[:64],
        detail=storable(detail)[:DETAIL_MAX_CHARS] if detail else None,
    )
    session.add(event)
    session.flush()
    fields = {
        "action": event.action,
        "outcome": event.outcome,
        "actor": actor.email if actor is not None else None,
        "subject": subject.email if subject is not None else None,
        "address": event.address,
        "detail": event.detail,
    }
    level = logging.INFO if event.outcome == Outcome.success else logging.WARNING
    log.log(level, "security_event %s", _key_values(fields))
    return event


def log_only(action: SecurityAction, outcome: str, detail: str | None = None) -> None:
    """A log line without a row, for refusals that must not grow the table under attack."""
    fields = {"action": action.value, "outcome": outcome, "address": client_address.get()}
    log.warning("security_event %s", _key_values({**fields, "detail": detail}))


def _key_values(fields: dict) -> str:
    return " ".join(f"{key}={json.dumps(value)}" for key, value in fields.items() if value)


@dataclass(frozen=True)
class EventRow:
    id: int
    created_at: datetime
    action: str
    outcome: str
    actor: str | None
    subject: str | None
    address: str | None
    detail: str | None


@dataclass(frozen=True)
class EventPage:
    rows: list[EventRow]
    next_before: int | None


def list_events(
    session: Session,
    viewer: User,
    *,
    action: str | None = None,
    user_id: int | None = None,
    before: int | None = None,
    limit: int = PAGE_SIZE,
) -> EventPage:
    """One page of security events, newest first (keyset pages on the id).

    Rules: editors only (PermissionDeniedError); ``action`` must be a known action
    (ValidationError); ``user_id`` matches the actor or the subject.
    """
    require_role(viewer, Role.editor)
    query = select(SecurityEvent).order_by(SecurityEvent.id.desc()).limit(limit + 1)
    if action:
        if action not in SecurityAction.__members__:
            raise ValidationError(f"Unknown action {action!r}.", {"action": "unknown"})
        query = query.where(SecurityEvent.action == action)
    if user_id is not None:
        query = query.where(
            (SecurityEvent.actor_id == user_id) | (SecurityEvent.subject_id == user_id)
        )
    if before is not None:
        if not 0 < before < 2**63:
            raise ValidationError("No such page of events.", {"before": "out of range"})
        query = query.where(SecurityEvent.id < before)
    found = list(session.exec(query))
    emails = _emails(session, found)
    rows = [
        EventRow(
            e.id,
            e.created_at,
            e.action,
            e.outcome,
            emails.get(e.actor_id),
            emails.get(e.subject_id),
            e.address,
            e.detail,
        )
        for e in found[:limit]
    ]
    return EventPage(rows, rows[-1].id if len(found) > limit else None)


def _emails(session: Session, found: list[SecurityEvent]) -> dict[int, str]:
    ids = {i for e in found for i in (e.actor_id, e.subject_id) if i is not None}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.email).where(User.id.in_(ids))).all())
