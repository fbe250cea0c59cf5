"""Working through suggested claims in the source reader: dismissing one or a whole kind,
restoring a dismissed one, and filling the claim form from one (accepting)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError
from factdb.services.suggest.store import dismiss_all, dismiss_suggestion, restore_dismissal
from factdb.web.forms import ClaimForm, PlainForm

bp = Blueprint("suggestions", __name__)
EXPIRED = "The form expired; try again."


def _back_to_reader(source_id: int, anchor: str = "suggestions"):
    return redirect(url_for("sources.reader", source_id=source_id, _anchor=anchor))


def fill_claim_form(form: ClaimForm, fields: dict) -> None:
    """Put a proposed claim's fields (``proposed_claim``) into the claim form."""
    form.kind.data = fields["kind"]
    form.text.data = fields["text"]
    form.start.data, form.end.data = fields["excerpt"]["start"], fields["excerpt"]["end"]
    form.organization.data = fields["organization"] or ""
    value = fields["value"]
    if fields["kind"] == "date":
        form.date.data = value.get("date") or ""
        form.precision.data = value.get("precision") or ""
        form.date_end.data = value.get("end") or ""
    elif fields["kind"] == "figure":
        for name in ("amount", "unit", "lower", "upper"):
            getattr(form, name).data = value.get(name) or ""
        form.approximate.data = bool(value.get("approximate"))
    else:
        form.speaker.data = value.get("speaker") or ""
        form.said_on.data = value.get("said_on") or ""


@bp.post("/sources/<int:source_id>/suggestions/<key>/dismiss")
@login_required
def dismiss(source_id: int, key: str):
    if not PlainForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back_to_reader(source_id)
    try:
        dismiss_suggestion(get_session(), current_user, source_id, key)
    except DomainError as error:
        flash(error.message, "error")
    return _back_to_reader(source_id)


@bp.post("/sources/<int:source_id>/suggestions/dismiss-all")
@login_required
def dismiss_kind(source_id: int):
    if not PlainForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back_to_reader(source_id)
    kind = request.form.get("kind", "")
    try:
        count = dismiss_all(get_session(), current_user, source_id, kind)
    except DomainError as error:
        get_session().rollback()
        flash(error.message, "error")
        return _back_to_reader(source_id)
    noun = f"{kind} suggestion" + ("" if count == 1 else "s")
    flash(f"Dismissed {count} {noun}; restore any from the dismissed list.", "success")
    return _back_to_reader(source_id)


@bp.post("/sources/<int:source_id>/suggestions/<key>/restore")
@login_required
def restore(source_id: int, key: str):
    if not PlainForm().validate_on_submit():
        flash(EXPIRED, "error")
        return _back_to_reader(source_id, "dismissed-suggestions")
    try:
        restore_dismissal(get_session(), current_user, source_id, key)
    except DomainError as error:
        flash(error.message, "error")
        return _back_to_reader(source_id, "dismissed-suggestions")
    flash("The suggestion is proposed again.", "success")
    return _back_to_reader(source_id)
