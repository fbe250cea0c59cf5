"""The inbox in the web UI: the notifications page, "mark all read", opening a notification
(marks it read and goes to its claim), and the unread count every page's header shows."""

from __future__ import annotations

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.notifications.inbox import (
    inbox,
    mark_read,
    open_notification,
    unread_count,
)
from factdb.web.common import int_or_none

bp = Blueprint("notifications", __name__)


@bp.get("/notifications")
@login_required
def index():
    """Newest first, unread ones marked. Viewing the page marks nothing read; opening a
    notification (its link posts) or "mark all read" does."""
    unread_only = request.args.get("unread") in ("1", "true")
    page = inbox(
        get_session(),
        current_user,
        unread_only=unread_only,
        after_id=int_or_none(request.args.get("cursor")),
    )
    g.unread_notifications = page.unread
    return render_template("notifications/index.html", page=page, unread_only=unread_only)


@bp.post("/notifications/read")
@login_required
def read_all():
    mark_read(get_session(), current_user, everything=True)
    return redirect(url_for("notifications.index"), 303)


@bp.post("/notifications/<int:notification_id>/open")
@login_required
def open_one(notification_id: int):
    notification = open_notification(get_session(), current_user, notification_id)
    if notification.claim_id is None:
        return redirect(url_for("notifications.index"), 303)
    return redirect(url_for("claims.show", claim_id=notification.claim_id), 303)


def _unread_badge() -> int | None:
    """The signed-in user's unread count, counted at most once per request."""
    if not current_user.is_authenticated:
        return None
    if "unread_notifications" not in g:
        g.unread_notifications = unread_count(get_session(), current_user)
    return g.unread_notifications


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.context_processor
    def _notifications():
        return {"unread_notifications": _unread_badge}
