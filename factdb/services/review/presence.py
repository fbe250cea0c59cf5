"""Presence: who else has a claim's page open, so two reviewers do not work on one claim
unknowingly. The claim page's script sends a heartbeat when the page opens and every 30 s
while the tab is visible (the page itself only reads, so viewing a claim never takes the
database's write lock); a user counts as present for ``PRESENT_FOR`` after their last one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, case, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from factdb.models import ClaimPresence, User
from factdb.services.accounts.permissions import require_active

PRESENT_FOR = timedelta(seconds=90)  # three missed heartbeats and the user has gone
KEEP_FOR = timedelta(days=1)  # older rows are deleted on the next visit (a bounded table)


@dataclass(frozen=True)
class Presence:
    """Someone with the claim's page open: since ``opened_at``, last heard of at ``seen_at``."""

    user_id: int
    name: str
    opened_at: datetime
    seen_at: datetime


def touch(session: Session, user: User, claim_id: int, now: datetime) -> None:
    """Record that ``user`` has claim ``claim_id``'s page open at ``now`` (timezone-aware).

    Rules: only active users are recorded (InactiveUserError); a visit after a gap longer than
    ``PRESENT_FOR`` starts a new "opened" time; rows older than ``KEEP_FOR`` are deleted. One
    upsert (SQLite and PostgreSQL ``ON CONFLICT``), so two tabs of one user never collide.
    """
    require_active(user)
    session.execute(delete(ClaimPresence).where(ClaimPresence.seen_at < now - KEEP_FOR))
    dialect = sqlite if session.get_bind().dialect.name == "sqlite" else postgresql
    row = {"claim_id": claim_id, "user_id": user.id, "opened_at": now, "seen_at": now}
    insert = dialect.insert(ClaimPresence).values(**row)
    still_open = ClaimPresence.seen_at >= now - PRESENT_FOR
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["claim_id", "user_id"],
            set_={
                "seen_at": insert.excluded.seen_at,
                "opened_at": case(
                    (still_open, ClaimPresence.opened_at), else_=insert.excluded.opened_at
                ),
            },
        )
    )


def present(session: Session, claim_id: int, viewer: User | None, now: datetime) -> list[Presence]:
    """The other active users who had claim ``claim_id``'s page open within ``PRESENT_FOR``
    of ``now``, the longest there first. Rules: shown only to a signed-in, active viewer
    (anyone else gets an empty list); the viewer is never in it."""
    if viewer is None or not getattr(viewer, "active", False):
        return []
    rows = session.exec(
        _present_statement(),
        params={"claim_id": claim_id, "viewer_id": viewer.id, "since": now - PRESENT_FOR},
    ).all()
    return [Presence(*row) for row in rows]


@cache
def _present_statement():
    return (
        select(User.id, User.display_name, ClaimPresence.opened_at, ClaimPresence.seen_at)
        .join(User, User.id == ClaimPresence.user_id)
        .where(
            ClaimPresence.claim_id == bindparam("claim_id"),
            ClaimPresence.user_id != bindparam("viewer_id"),
            ClaimPresence.seen_at >= bindparam("since"),
            User.active.is_(True),
        )
        .order_by(ClaimPresence.opened_at, User.id)
    )


def presence_line(others: list[Presence], now: datetime) -> str:
    """ "Being reviewed by Dana (opened 2 min ago) and Rui (opened just now)", or "" for
    nobody: the one wording the page and its heartbeat both show."""
    if not others:
        return ""
    people = [f"{p.name} (opened {_ago(now - p.opened_at)})" for p in others]
    listed = people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]
    return f"Being reviewed by {listed}"


def _ago(elapsed: timedelta) -> str:
    minutes = max(0, int(elapsed.total_seconds() // 60))
    if minutes == 0:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    return f"{minutes // 60} h ago"
