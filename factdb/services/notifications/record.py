"""Writing notifications: who hears of what, decided once here from the workflow's and
tracking's signals, inside the transaction of the action itself.

- assigned: the new assignee, when an editor (someone else) assigns a claim to them.
- sent_back / decided / reopened: the claim's creator (the annotator who made it).
- conflict: the reviewer who gave a claim its verdict, when a conflict is flagged for it by a
  change to another claim.
- recheck_due: the same reviewer, once the claim's re-check date has passed (written when
  they read their inbox; see ``inbox.note_due_rechecks``).
- mention: every active user named ``@handle`` in a comment.
Nobody is notified of their own action, and inactive users are not notified.
"""

from __future__ import annotations

import json
import re

from sqlmodel import Session, select

from factdb.models import Claim, ClaimConflict, ClaimStatus, Comment, User
from factdb.models.claims import VERDICTS
from factdb.models.notifications import Notification, NotificationKind
from factdb.services.notifications import mail
from factdb.services.review import signals
from factdb.services.tracking.conflicts import conflict_flagged

K = NotificationKind
SNIPPET = 200  # characters of a claim's text or a comment kept in a notification
# "@ann", "@ann.lee", "@AnnLee": after a space, bracket or start, not inside an e-mail address.
_MENTION = re.compile(r"(?<![\w.@])@([\w][\w.+-]*)")


def snippet(text: str | None, limit: int = SNIPPET) -> str:
    """``text`` on one line, cut to ``limit`` characters (code points) with an ellipsis."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def notify(
    session: Session,
    recipient_id: int | None,
    kind: NotificationKind,
    *,
    claim: Claim | None = None,
    actor: User | None = None,
    **detail,
) -> Notification | None:
    """Record one notification for ``recipient_id`` about ``claim``.

    Rules: nobody is notified of their own action; an unknown or inactive recipient gets
    nothing. The claim's text (at most ``SNIPPET`` characters) is kept with ``detail``.
    When e-mail is configured the notification is also mailed after the transaction commits.
    Returns the notification, or None when nobody was notified.
    """
    if recipient_id is None or (actor is not None and actor.id == recipient_id):
        return None
    recipient = session.get(User, recipient_id)
    if recipient is None or not recipient.active:
        return None
    if claim is not None:
        detail = {"claim_text": snippet(claim.text), **detail}
    notification = Notification(
        recipient_id=recipient_id,
        kind=kind.value,
        claim_id=claim.id if claim is not None else None,
        actor_id=actor.id if actor is not None else None,
        detail=json.dumps(detail, ensure_ascii=False),
    )
    session.add(notification)
    session.flush()
    mail.mail_later(session, notification)
    return notification


def mention_handles(text: str) -> set[str]:
    """The ``@handles`` written in ``text``, case-folded, without trailing punctuation."""
    return {m.rstrip(".-+").casefold() for m in _MENTION.findall(text or "")} - {""}


def handles_of(user: User) -> set[str]:
    """The handles ``user`` is mentioned by: the part of the e-mail address before ``@`` and
    the display name without spaces, both case-folded."""
    local = (user.email or "").rpartition("@")[0] or user.email or ""
    return {local.casefold(), "".join((user.display_name or "").split()).casefold()} - {""}


def mentioned_users(session: Session, text: str) -> list[User]:
    """The active users that ``text`` mentions by handle (see ``handles_of``), by id."""
    handles = mention_handles(text)
    if not handles:
        return []
    users = session.exec(select(User).where(User.active == True).order_by(User.id)).all()  # noqa: E712
    return [user for user in users if handles_of(user) & handles]


def _on_assigned(session: Session, claim: Claim, actor: User, **_) -> None:
    notify(session, claim.assignee_id, K.assigned, claim=claim, actor=actor)


def _on_moved(session: Session, claim: Claim, actor: User, previous: str, note=None, **_):
    target, previous = ClaimStatus(claim.status), ClaimStatus(previous)
    if target in VERDICTS:
        kind = K.decided
    elif target is ClaimStatus.draft and previous is ClaimStatus.in_review:
        kind = K.sent_back
    elif target is ClaimStatus.in_review and previous in VERDICTS:
        kind = K.reopened
    else:
        return
    notify(
        session,
        claim.created_by_id,
        kind,
        claim=claim,
        actor=actor,
        status=target.value,
        note=snippet(note) or None,
    )


def _on_conflict(session: Session, conflict: ClaimConflict, claim: Claim, **_) -> None:
    # The reviewer who decided the *other* claim hears of it; whoever just decided ``claim``
    # caused the conflict and sees it on the claim's page.
    other = session.get(
        Claim, conflict.other_id if conflict.claim_id == claim.id else conflict.claim_id
    )
    if other is None or ClaimStatus(other.status) not in VERDICTS:
        return
    if other.decided_by_id == claim.decided_by_id:
        return
    notify(
        session,
        other.decided_by_id,
        K.conflict,
        claim=other,
        other_claim_id=claim.id,
        reason=conflict.reason,
        conflict=conflict.detail,
    )


def _on_comment(
    session: Session, claim: Claim, actor: User, comment: Comment, previous: str = "", **_
) -> None:
    # An edit notifies only the users it newly mentions: the others heard of the comment already.
    already = {user.id for user in mentioned_users(session, previous)}
    for user in mentioned_users(session, comment.body):
        if user.id in already:
            continue
        notify(
            session,
            user.id,
            K.mention,
            claim=claim,
            actor=actor,
            comment_id=comment.id,
            comment=snippet(comment.body),
        )


def connect() -> None:
    """Follow the workflow's and tracking's signals (idempotent: blinker keeps one each)."""
    signals.claim_assigned.connect(_on_assigned, weak=False)
    signals.claim_moved.connect(_on_moved, weak=False)
    signals.comment_added.connect(_on_comment, weak=False)
    signals.comment_edited.connect(_on_comment, weak=False)
    conflict_flagged.connect(_on_conflict, weak=False)
