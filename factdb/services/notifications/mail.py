"""E-mail copies of notifications (optional: only when ``SMTP_HOST`` is set).

A notification is mailed by a background job (kind ``mail``) recorded in the action's
transaction, one per recipient and transaction, so a bulk assignment sends one message; the
task queue runs it after the commit, never inside the request. Sent with the standard
library's ``smtplib`` (STARTTLS and login when configured).
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, has_app_context, has_request_context, request
from sqlalchemy import Engine, event
from sqlmodel import Session, select

from factdb.db import session_scope
from factdb.models import Job, User
from factdb.models.notifications import Notification
from factdb.services.jobs import start_job
from factdb.services.notifications.messages import describe, detail_of

PENDING = "factdb.notifications.mail_pending"
SMTP_TIMEOUT_SECONDS = 20


def mail_enabled() -> bool:
    """Whether notifications are mailed: ``SMTP_HOST`` is set in the app's settings."""
    return has_app_context() and bool(current_app.config.get("SMTP_HOST"))


def base_url() -> str:
    """Where claim links in e-mails start: ``PUBLIC_BASE_URL``, else the request's host."""
    configured = current_app.config.get("PUBLIC_BASE_URL") if has_app_context() else None
    if configured:
        return configured.rstrip("/")
    return request.host_url.rstrip("/") if has_request_context() else ""


def mail_later(session: Session, notification: Notification) -> None:
    """Mail ``notification`` once the transaction commits (nothing when mail is off)."""
    if not mail_enabled():
        return
    if PENDING not in session.info:
        session.info[PENDING] = {}
        event.listen(session, "before_commit", _start_mail_jobs)
        event.listen(session, "after_rollback", _forget_pending)
    session.info[PENDING].setdefault(notification.recipient_id, []).append(notification.id)


def _start_mail_jobs(session: Session) -> None:
    pending, session.info[PENDING] = session.info.get(PENDING) or {}, {}
    link_base = base_url()
    for recipient_id, ids in pending.items():
        recipient = session.get(User, recipient_id)
        params = {"ids": ids, "base_url": link_base}
        start_job(session, recipient, "mail", params, subject=f"mail:{recipient_id}")


def _forget_pending(session: Session) -> None:
    session.info[PENDING] = {}


def compose(recipient: User, lines: list[tuple[str, str]], sender: str, base: str) -> EmailMessage:
    """The message to ``recipient``: one paragraph per (sentence, claim link), then a link to
    the inbox (``base`` is where the site's links start)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient.email
    first = lines[0][0]
    message["Subject"] = (
        f"factdb: {first}" if len(lines) == 1 else f"factdb: {len(lines)} new notifications"
    )
    body = [f"Hello {recipient.display_name},", ""]
    for sentence, link in lines:
        body += [sentence, link, ""] if link else [sentence, ""]
    body.append(f"All your notifications: {base}/notifications")
    message.set_content("\n".join(body))
    return message


def run_mail_job(engine: Engine, job: Job, params: dict, progress, files_dir) -> dict:
    """Mail the notifications ``params["ids"]`` to the job's owner, their recipient.

    Rules: only the owner's own notifications are sent; an inactive owner gets nothing.
    Settings: SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_STARTTLS, MAIL_FROM.
    """
    config = current_app.config
    base = (params.get("base_url") or "").rstrip("/")
    with session_scope(engine, write=False) as session:
        recipient = session.get(User, job.owner_id)
        rows = session.exec(
            select(Notification, User.display_name)
            .outerjoin(User, User.id == Notification.actor_id)
            .where(
                Notification.id.in_([int(i) for i in params.get("ids", [])]),
                Notification.recipient_id == job.owner_id,
            )
            .order_by(Notification.id)
        ).all()
        if recipient is None or not recipient.active or not rows:
            return {"sent": 0}
        lines = [
            (
                describe(n.kind, actor, detail_of(n.detail), n.claim_id),
                f"{base}/claims/{n.claim_id}" if n.claim_id else "",
            )
            for n, actor in rows
        ]
        message = compose(recipient, lines, config.get("MAIL_FROM") or "factdb@localhost", base)
    with smtplib.SMTP(
        config["SMTP_HOST"], int(config.get("SMTP_PORT") or 25), timeout=SMTP_TIMEOUT_SECONDS
    ) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config.get("SMTP_PASSWORD") or "")
        smtp.send_message(message)
    return {"sent": len(lines)}
