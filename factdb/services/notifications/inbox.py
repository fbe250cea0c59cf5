"""Reading the inbox: the unread count for the page header, a page of notifications newest
first, marking them read, and the re-checks that have fallen due since the last look."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, update
from sqlmodel import Session, select

from factdb.db import recording_session
from factdb.models import Claim, ClaimStatus, User
from factdb.models.claims import VERDICTS
from factdb.models.notifications import Notification, NotificationKind
from factdb.services.accounts.permissions import require_active
from factdb.services.errors import NotFoundError
from factdb.services.notifications.messages import describe, detail_of
from factdb.services.notifications.record import notify
from factdb.timeutil import utcnow

MAX_PAGE = 200
MAX_DUE = 100  # re-check notifications written per look at the inbox


@dataclass(frozen=True)
class NotificationView:
    id: int
    kind: str
    claim_id: int | None
    actor: str | None
    message: str
    detail: dict
    created_at: datetime
    read_at: datetime | None

    @property
    def unread(self) -> bool:
        return self.read_at is None


@dataclass(frozen=True)
class InboxPage:
    items: list[NotificationView]
    unread: int
    next_cursor: int | None


def unread_count(session: Session, user: User) -> int:
    """How many unread notifications ``user`` has: one count over the (recipient, read_at, id)
    index, cheap enough for every page's header."""
    return session.exec(select(unread_of(user.id))).one()


def unread_of(user_id):
    """SQL: the count of unread notifications of ``user_id`` (a value, or a user column to
    read it beside the user, as ``load_session_user_with`` does)."""
    return (
        select(func.count())
        .select_from(Notification)
        .where(Notification.recipient_id == user_id, Notification.read_at.is_(None))
        .scalar_subquery()
    )


def _due_now() -> tuple:
    """Conditions of a decided claim whose re-check date has passed (dates in UTC)."""
    return (
        Claim.recheck_on.is_not(None),
        Claim.recheck_on <= utcnow().date(),
        Claim.status.in_([s.value for s in VERDICTS]),
    )


def note_all_due_rechecks(session: Session) -> int:
    """Notify every active user who decided a claim now due for re-check (``note_due_rechecks``
    for each). Returns how many notifications were written."""
    deciders = select(Claim.decided_by_id).where(*_due_now()).distinct()
    users = session.exec(
        select(User).where(User.active == True, User.id.in_(deciders)).order_by(User.id)  # noqa: E712
    ).all()
    return sum(note_due_rechecks(session, user) for user in users)


def note_due_rechecks(session: Session, user: User) -> int:
    """Notify ``user`` of the claims they decided whose re-check date has passed.

    Rules: one notification per claim and re-check date (a new date, once passed, notifies
    again); only claims that still have a verdict; at most ``MAX_DUE`` per call. Runs when
    the inbox is read and every hour in the task queue's worker (``note_all_due_rechecks``),
    so the header's count shows them without a look at the inbox. Returns how many were
    written.
    """
    due = session.exec(
        select(Claim)
        .where(Claim.decided_by_id == user.id, *_due_now())
        .order_by(Claim.recheck_on, Claim.id)
        .limit(MAX_DUE)
    ).all()
    if not due:
        return 0
    known = {
        (claim_id, detail_of(detail).get("recheck_on"))
        for claim_id, detail in session.exec(
            select(Notification.claim_id, Notification.detail).where(
                Notification.recipient_id == user.id,
                Notification.kind == NotificationKind.recheck_due.value,
                Notification.claim_id.in_([claim.id for claim in due]),
            )
        ).all()
    }
    written = 0
    for claim in due:
        if (claim.id, claim.recheck_on.isoformat()) in known:
            continue
        notify(
            session,
            user.id,
            NotificationKind.recheck_due,
            claim=claim,
            recheck_on=claim.recheck_on.isoformat(),
            status=ClaimStatus(claim.status).value,
        )
        written += 1
    return written


def inbox(
    session: Session,
    viewer: User,
    *,
    unread_only: bool = False,
    after_id: int | None = None,
    limit: int = 50,
) -> InboxPage:
    """One page of ``viewer``'s notifications, newest first, with their unread count.

    Rules: a user sees only their own notifications; re-checks fallen due are noted first
    (``note_due_rechecks``); 1 ≤ limit ≤ ``MAX_PAGE``; ``after_id`` continues a page.
    Raises InactiveUserError.
    """
    require_active(viewer)
    # Written apart when the inbox is only read (db.recording_session): a read that turned
    # writer would be refused on SQLite once another connection had committed.
    with recording_session(session) as recording:
        note_due_rechecks(recording, viewer)
    limit = max(1, min(limit, MAX_PAGE))
    query = (
        select(Notification, User.display_name)
        .outerjoin(User, User.id == Notification.actor_id)
        .where(Notification.recipient_id == viewer.id)
    )
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    if after_id is not None:
        query = query.where(Notification.id < after_id)
    rows = session.exec(query.order_by(Notification.id.desc()).limit(limit + 1)).all()
    items = [_view(notification, actor) for notification, actor in rows[:limit]]
    next_cursor = items[-1].id if len(rows) > limit else None
    return InboxPage(items, unread_count(session, viewer), next_cursor)


def _view(notification: Notification, actor: str | None) -> NotificationView:
    detail = detail_of(notification.detail)
    return NotificationView(
        id=notification.id,
        kind=notification.kind,
        claim_id=notification.claim_id,
        actor=actor,
        message=describe(notification.kind, actor, detail, notification.claim_id),
        detail=detail,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


def mark_read(
    session: Session, viewer: User, ids: list[int] | None = None, *, everything: bool = False
) -> int:
    """Mark ``viewer``'s notifications ``ids`` (or all of them) read; returns how many changed.

    Rules: only the viewer's own unread notifications change; ids of others' are ignored
    (they reveal nothing). Raises InactiveUserError.
    """
    require_active(viewer)
    if not everything and not ids:
        return 0
    statement = update(Notification).where(
        Notification.recipient_id == viewer.id, Notification.read_at.is_(None)
    )
    if not everything:
        statement = statement.where(Notification.id.in_(sorted(set(ids))))
    result = session.execute(
        statement.values(read_at=utcnow()).execution_options(synchronize_session=False)
    )
    return result.rowcount


def open_notification(session: Session, viewer: User, notification_id: int) -> Notification:
    """``viewer``'s notification ``notification_id``, marked read (opening its link).

    Rules: only the recipient opens it; to anyone else it does not exist.
    Raises NotFoundError, InactiveUserError.
    """
    require_active(viewer)
    notification = session.get(Notification, notification_id)
    if notification is None or notification.recipient_id != viewer.id:
        raise NotFoundError(f"No notification #{notification_id}.")
    if notification.read_at is None:
        notification.read_at = utcnow()
        session.add(notification)
        session.flush()
    return notification


def detail_json(view: NotificationView) -> dict:
    """A notification as the API returns it."""
    return {
        "id": view.id,
        "kind": view.kind,
        "claim_id": view.claim_id,
        "actor": view.actor,
        "message": view.message,
        "detail": view.detail,
        "created_at": view.created_at.isoformat(),
        "read_at": view.read_at.isoformat() if view.read_at else None,
    }
