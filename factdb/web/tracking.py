"""Fact tracking in the web UI: matches, conflicts, re-checks and organizations' aliases and
merges. Each view parses the form, calls one service and redirects back (or shows why not)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.models import ClaimKind
from factdb.services.errors import DomainError, ValidationError
from factdb.services.review.organizations import organization_filter_id
from factdb.services.tracking import conflicts, matches, organizations, recheck
from factdb.services.tracking.pages import claim_similar, recheck_queue
from factdb.services.tracking.summary import (
    claim_similar_summary,
    draft_similar,
    draft_similar_summary,
)
from factdb.web.common import int_or_none
from factdb.web.forms import PlainForm
from factdb.web.redirects import safe_next_path

bp = Blueprint("tracking", __name__)


def _checked() -> None:
    if not PlainForm().validate_on_submit():
        raise ValidationError("The form expired; reload the page and try again.")


def _done(message: str, target: str):
    """Redirect after a successful post; on refusal the caller flashes the reason."""
    flash(message, "success")
    return redirect(target)


def _refused(error: DomainError, target: str):
    get_session().rollback()
    flash(f"Not done: {error.message}", "error")
    return redirect(target), 303


def _claim_url(claim_id: int) -> str:
    return url_for("claims.show", claim_id=claim_id, _anchor="tracking")


@bp.get("/claims/<int:claim_id>/similar")
@login_required
def similar(claim_id: int):
    page = claim_similar(get_session(), claim_id, current_user)
    return render_template("tracking/similar.html", page=page)


def _draft_args() -> dict:
    return {
        "text": request.args.get("text"),
        "organization": request.args.get("organization"),
        "kind": request.args.get("kind"),
        "claim_id": int_or_none(request.args.get("claim_id")),
    }


@bp.get("/claims/similar")
@login_required
def similar_draft():
    """The similar-claims view of a claim being written (the claim form's hint links here)."""
    page = draft_similar(get_session(), **_draft_args())
    return render_template("tracking/similar_draft.html", page=page, args=_draft_args())


@bp.get("/claims/similar-summary")
@login_required
def similar_summary():
    """The claim form's hint, as JSON, fetched as the user types."""
    summary = draft_similar_summary(get_session(), **_draft_args())
    return jsonify(summary.to_dict() | {"url": url_for("tracking.similar_draft", **_draft_args())})


@bp.get("/claims/<int:claim_id>/similar-summary")
@login_required
def claim_summary(claim_id: int):
    """The claim page's hint, as JSON, fetched after the page is shown."""
    summary = claim_similar_summary(get_session(), claim_id)
    return jsonify(summary.to_dict() | {"url": url_for("tracking.similar", claim_id=claim_id)})


@bp.post("/claims/<int:claim_id>/matches")
@login_required
def link(claim_id: int):
    try:
        _checked()
        other = int_or_none(request.form.get("other_id"))
        if other is None:
            raise ValidationError("Give the number of the claim that says the same.")
        matches.link_claims(get_session(), current_user, claim_id, other, request.form.get("note"))
    except DomainError as error:
        return _refused(error, _claim_url(claim_id))
    return _done(f"Claim #{other} is now matched with this one.", _claim_url(claim_id))


@bp.post("/claims/<int:claim_id>/matches/<int:other_id>/remove")
@login_required
def unlink(claim_id: int, other_id: int):
    try:
        _checked()
        matches.remove_match(
            get_session(), current_user, claim_id, other_id, request.form.get("note")
        )
    except DomainError as error:
        return _refused(error, _claim_url(claim_id))
    return _done("Match removed.", _claim_url(claim_id))


@bp.post("/claims/<int:claim_id>/recheck-date")
@login_required
def set_recheck(claim_id: int):
    try:
        _checked()
        raw = (request.form.get("recheck_on") or "").strip()
        try:
            when = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise ValidationError(f"“{raw}” is not a date like 2026-05-01.") from None
        recheck.set_recheck_date(
            get_session(), current_user, claim_id, when, request.form.get("note")
        )
    except DomainError as error:
        return _refused(error, _claim_url(claim_id))
    return _done("Re-check date saved.", _claim_url(claim_id))


@bp.post("/claims/<int:claim_id>/recheck")
@login_required
def recheck_now(claim_id: int):
    try:
        _checked()
        recheck.recheck_claim(get_session(), current_user, claim_id, request.form.get("note"))
    except DomainError as error:
        return _refused(error, _claim_url(claim_id))
    return _done("The claim is reopened for a re-check.", url_for("claims.show", claim_id=claim_id))


@bp.post("/claims/<int:claim_id>/recheck-requests")
@login_required
def request_recheck(claim_id: int):
    try:
        _checked()
        recheck.request_recheck(get_session(), current_user, claim_id, request.form.get("note"))
    except DomainError as error:
        return _refused(error, _claim_url(claim_id))
    return _done("Re-check requested; an editor will decide.", _claim_url(claim_id))


@bp.post("/recheck-requests/<int:request_id>/decision")
@login_required
def decide_request(request_id: int):
    target = url_for("tracking.queue")
    try:
        _checked()
        approve = request.form.get("approve") == "1"
        recheck.decide_request(
            get_session(), current_user, request_id, approve, request.form.get("note")
        )
    except DomainError as error:
        return _refused(error, target)
    return _done(
        "Request approved: the claim is reopened." if approve else "Request declined.", target
    )


@bp.get("/recheck")
@login_required
def queue():
    page = recheck_queue(get_session(), cursor=request.args.get("cursor"))
    return render_template("tracking/recheck.html", queue=page, form=PlainForm())


@bp.get("/conflicts")
@login_required
def conflict_list():
    session = get_session()
    error, page = None, None
    try:
        page = conflicts.list_conflicts(
            session,
            organization_id=organization_filter_id(session, request.args.get("organization")),
            kind=request.args.get("kind") or None,
            status=request.args.get("status") or "open",
            after_id=int_or_none(request.args.get("cursor")),
        )
    except DomainError as exc:
        error = exc
    return render_template(
        "tracking/conflicts.html",
        page=page,
        error=error,
        args=request.args,
        kinds=list(ClaimKind),
        form=PlainForm(),
    ), (error.http_status if error else 200)


@bp.post("/conflicts/<int:conflict_id>/dismiss")
@login_required
def dismiss(conflict_id: int):
    target = safe_next_path(request.form.get("back"), url_for("tracking.conflict_list"))
    try:
        _checked()
        conflicts.dismiss_conflict(
            get_session(), current_user, conflict_id, request.form.get("note")
        )
    except DomainError as error:
        return _refused(error, target)
    return _done("Marked as not a conflict.", target)


@bp.get("/organizations/<int:organization_id>/aliases")
@login_required
def organization_aliases(organization_id: int):
    session = get_session()
    organization = organizations.get_organization(session, organization_id)
    return render_template(
        "tracking/organization.html",
        organization=organization,
        aliases=organizations.organization_aliases_of(session, organization_id),
        changes=organizations.organization_changes(session, organization_id),
        form=PlainForm(),
    )


def _organization_url(organization_id: int) -> str:
    return url_for("tracking.organization_aliases", organization_id=organization_id)


@bp.post("/organizations/<int:organization_id>/aliases")
@login_required
def add_alias(organization_id: int):
    try:
        _checked()
        organizations.add_organization_alias(
            get_session(), current_user, organization_id, request.form.get("alias") or ""
        )
    except DomainError as error:
        return _refused(error, _organization_url(organization_id))
    return _done("Alias added.", _organization_url(organization_id))


@bp.post("/organizations/<int:organization_id>/aliases/<int:alias_id>/remove")
@login_required
def remove_alias(organization_id: int, alias_id: int):
    try:
        _checked()
        organizations.remove_organization_alias(
            get_session(), current_user, organization_id, alias_id
        )
    except DomainError as error:
        return _refused(error, _organization_url(organization_id))
    return _done("Alias removed.", _organization_url(organization_id))


@bp.post("/organizations/<int:organization_id>/merge")
@login_required
def merge(organization_id: int):
    session = get_session()
    try:
        _checked()
        other = organization_filter_id(session, request.form.get("other"))
        if other is None or other < 0:
            raise ValidationError("Name the organization to merge into this one.")
        organizations.merge_organizations(session, current_user, organization_id, other)
    except DomainError as error:
        return _refused(error, _organization_url(organization_id))
    return _done("Organizations merged.", _organization_url(organization_id))
