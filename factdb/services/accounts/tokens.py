"""Personal API tokens: created (shown once), listed with their last use, revoked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select as sa_select
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session, col, select

from factdb.db import direct_rows, recording_session
from factdb.models import ApiToken, Role, User
from factdb.models.base import from_row
from factdb.models.security import SecurityAction
from factdb.services.accounts import events
from factdb.services.accounts.permissions import require_active
from factdb.services.errors import NotFoundError
from factdb.timeutil import utcnow

TOKEN_PREFIX = "fdb_"
NAME_MAX_CHARS = 120
# Recording every request would make each API read a write; a minute is precise enough.
LAST_USE_RESOLUTION = timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    session: Session, user: User, name: str | None = None, *, actor: User | None = None
) -> tuple[ApiToken, str]:
    """A new personal API token for an active user: (record, the token shown once).

    Rules: the user must be active (InactiveUserError); only the token's SHA-256 is stored;
    the name is cut to 120 characters; a security event records it.
    """
    require_active(user)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = events.storable(" ".join((name or "").split()))[:NAME_MAX_CHARS] or "API token"
    record = ApiToken(user_id=user.id, name=name, token_hash=hash_token(secret), prefix=secret[:10])
    session.add(record)
    session.flush()
    events.record(
        session, SecurityAction.token_create, actor=actor, subject=user, detail=f"#{record.id}"
    )
    return record, secret


def user_for_token(session: Session, secret: str) -> User | None:
    """The active user a bearer token belongs to, if the token exists and is not revoked.

    Rules: one query, by the token's SHA-256 (a unique index), joined to its active user
    (``db.direct_rows``, as every API request runs it; the user is then added to ``session``
    as if loaded by it, without another query); the token's last use is recorded (to the
    minute), in a transaction of its own when ``session`` only reads
    (``db.recording_session``).
    """
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    found = direct_rows(session, _token_user(), {"token_hash": hash_token(secret)})
    if not found:
        return None
    *columns, token_id, last_used_at = found[0]
    user = _persistent_user(session, columns)
    now = utcnow()
    if last_used_at is None or now - last_used_at >= LAST_USE_RESOLUTION:
        changes = update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=now)
        with recording_session(session) as recording:
            recording.connection().execute(changes)
    return user


def _persistent_user(session: Session, columns: list) -> User:
    """The user whose row ``columns`` holds, as ``session``'s persistent object: the one it
    already has, else one built from the row and added to it."""
    users = sa_inspect(User)
    values = dict(zip(_user_columns(), columns, strict=True))
    present = session.identity_map.get(users.identity_key_from_primary_key([values["id"]]))
    if present is not None:
        return present
    user = from_row(User, values)
    make_transient_to_detached(user)
    session.add(user)
    return user


@cache
def _user_columns() -> tuple[str, ...]:
    return tuple(column.key for column in User.__table__.columns)


@cache
def _token_user():
    """Every column of the active user of the unrevoked token ``:token_hash``, then the
    token's id and last use; built once, as every API request runs it."""
    tokens, users = ApiToken.__table__, User.__table__
    return (
        sa_select(*users.columns, tokens.c.id, tokens.c.last_used_at)
        .select_from(tokens)
        .join(users, users.c.id == tokens.c.user_id)
        .where(
            tokens.c.token_hash == bindparam("token_hash"),
            tokens.c.revoked_at.is_(None),
            users.c.active.is_(True),
        )
    )


@dataclass(frozen=True)
class TokenRow:
    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def list_tokens(session: Session, user: User) -> list[TokenRow]:
    """``user``'s tokens, newest first, without their secrets."""
    records = session.exec(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(col(ApiToken.id).desc())
    )
    return [
        TokenRow(r.id, r.name, r.prefix, r.created_at, r.last_used_at, r.revoked_at)
        for r in records
    ]


def revoke_token(session: Session, actor: User | None, token_id: int) -> ApiToken:
    """Revoke one token; requests with it are refused from then on.

    Rules: a user revokes their own tokens, an editor anyone's; actor None is the operator at
    the command line. Someone else's token is reported as not found (NotFoundError).
    """
    record = session.get(ApiToken, token_id)
    if record is None or (
        actor is not None and record.user_id != actor.id and not actor.has_role(Role.editor)
    ):
        raise NotFoundError(f"No API token #{token_id}.")
    if record.revoked_at is None:
        record.revoked_at = utcnow()
        session.add(record)
        session.flush()
        events.record(
            session,
            SecurityAction.token_revoke,
            actor=actor,
            subject=session.get(User, record.user_id),
            detail=f"#{record.id}",
        )
    return record


def revoke_all_tokens(session: Session, user: User, actor: User | None = None) -> int:
    """Revoke every live token of ``user`` (on deactivation or a forced reset); how many."""
    live = session.exec(
        select(ApiToken).where(ApiToken.user_id == user.id, col(ApiToken.revoked_at).is_(None))
    ).all()
    for record in live:
        revoke_token(session, actor, record.id)
    return len(live)
