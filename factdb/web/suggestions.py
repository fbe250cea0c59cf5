"""Accepting and dismissing suggested claims from the source reader."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError, ValidationError
from factdb.services.suggest.store import (
    accept_suggestion,
    claim_fields,
    dismiss_suggestion,
    find_suggestion,
)
from factdb.web.forms import PlainForm

bp = Blueprint("suggestions", __name__)


@bp.post("/sources/<int:source_id>/suggestions/<key>/accept")
@login_required
def accept(source_id: int, key: str):
    if not PlainForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("sources.reader", source_id=source_id))
    try:
        claim = accept_suggestion(get_session(), current_user, source_id, key)
    except ValidationError:
        # Not complete enough for one click (no organization, unresolved date): open the
        # claim form with everything the suggestion found, ready to adjust.
        get_session().rollback()
        fields = claim_fields(find_suggestion(get_session(), source_id, key).suggestion)
        args = {
            "start": fields["excerpt"]["start"],
            "end": fields["excerpt"]["end"],
            "kind": fields["kind"],
            "text": fields["text"],
            "organization": fields["organization"] or "",
        }
        args.update({k: v for k, v in fields["value"].items() if isinstance(v, str) and v})
        return redirect(url_for("claims.new", source_id=source_id, **args))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("sources.reader", source_id=source_id)), 303
    flash("Draft claim created from the suggestion; adjust it as needed.", "success")
    return redirect(url_for("claims.edit", claim_id=claim.id))


@bp.post("/sources/<int:source_id>/suggestions/<key>/dismiss")
@login_required
def dismiss(source_id: int, key: str):
    if PlainForm().validate_on_submit():
        try:
            dismiss_suggestion(get_session(), current_user, source_id, key)
        except DomainError as error:
            flash(error.message, "error")
    return redirect(url_for("sources.reader", source_id=source_id, _anchor="suggestions"))
