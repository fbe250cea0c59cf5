"""Source revisions in the web UI: what changed between a revision and the one before, and
marking a claim's revision flag handled."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError, ValidationError
from factdb.services.sources.revision_pages import source_changes
from factdb.services.sources.revisions import mark_handled
from factdb.web.forms import PlainForm
from factdb.web.redirects import safe_next_path

bp = Blueprint("revisions", __name__)


@bp.get("/sources/<int:source_id>/changes")
@login_required
def changes(source_id: int):
    return render_template("sources/changes.html", changes=source_changes(get_session(), source_id))


@bp.post("/reanchors/<int:reanchor_id>/handled")
@login_required
def handled(reanchor_id: int):
    target = safe_next_path(request.form.get("back"), url_for("dashboard.index"))
    try:
        if not PlainForm().validate_on_submit():
            raise ValidationError("The form expired; reload the page and try again.")
        mark_handled(get_session(), current_user, reanchor_id, request.form.get("note"))
    except DomainError as error:
        get_session().rollback()
        flash(f"Not done: {error.message}", "error")
        return redirect(target), 303
    flash("The revision flag is marked handled.", "success")
    return redirect(target)
