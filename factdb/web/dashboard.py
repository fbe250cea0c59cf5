"""The dashboard: my queue, waiting for review, due for re-check, sent back to me, recently
decided, progress per source."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.review.dashboard import dashboard

bp = Blueprint("dashboard", __name__)


@bp.get("/")
@login_required
def index():
    board = dashboard(get_session(), current_user)
    return render_template("dashboard/index.html", board=board, counts=board.counts)
