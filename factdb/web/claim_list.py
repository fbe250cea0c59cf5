"""The claims list: filters, sorting, cursor pages, and bulk assignment for editors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import select

from factdb.db import get_session
from factdb.models import ClaimKind, ClaimStatus, Organization, Role, Source, User
from factdb.services.bounds import fits_db_integer
from factdb.services.errors import DomainError, ValidationError
from factdb.services.review.evidence import bulk_assign
from factdb.services.review.organizations import organization_filter_id
from factdb.services.search.listing import CLAIM_SORTS, RELEVANCE, ClaimFilters, list_claims
from factdb.web.common import int_or_none
from factdb.web.forms import PlainForm

bp = Blueprint("claim_list", __name__)


def _date(name: str):
    from datetime import date

    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(f"“{raw}” is not a date.", {name: "not a date"}) from None


def _filters() -> ClaimFilters:
    assignee = request.args.get("assignee", "")
    return ClaimFilters(
        statuses=[s for s in request.args.getlist("status") if s],
        kinds=[k for k in request.args.getlist("kind") if k],
        organization_id=organization_filter_id(get_session(), request.args.get("organization")),
        source_id=int_or_none(request.args.get("source")),
        assignee_id=current_user.id if assignee == "me" else int_or_none(assignee),
        unassigned=assignee == "none",
        updated_from=_date("from"),
        updated_to=_date("to"),
        q=request.args.get("q") or None,
    )


def _organization_name(session) -> str:
    """What the organization filter shows: the name when the link gave an id."""
    raw = request.args.get("organization", "")
    organization = session.get(Organization, int(raw)) if _db_id(raw) else None
    return organization.name if organization else raw


def _db_id(raw: str) -> bool:
    return raw.isascii() and raw.isdigit() and len(raw) <= 10 and fits_db_integer(int(raw))


def _choices(session) -> dict:
    return {
        "statuses": list(ClaimStatus),
        "kinds": list(ClaimKind),
        "sources": session.exec(
            select(Source.id, Source.title).order_by(Source.created_at.desc()).limit(200)
        ).all(),
        "reviewers": session.exec(
            select(User.id, User.display_name)
            .where(User.active.is_(True), User.role.in_(["reviewer", "editor"]))
            .order_by(User.display_name)
        ).all(),
        "sorts": list(CLAIM_SORTS),
    }


@bp.get("/claims")
@login_required
def index():
    session = get_session()
    error = None
    try:
        page = list_claims(
            session,
            _filters(),
            sort=request.args.get("sort") or RELEVANCE,
            descending=request.args.get("order", "desc") != "asc",
            cursor=request.args.get("cursor"),
            limit=50,
        )
    except DomainError as exc:
        error, page = exc, None
    args = request.args.to_dict(flat=False)
    args.pop("cursor", None)
    # The form shows "relevance" unless another sort was chosen: it ranks a search and lists
    # the most recently updated claims first without one, so a new search is ranked.
    form_args = request.args.copy()
    form_args.setdefault("sort", RELEVANCE)
    return render_template(
        "claims/index.html",
        page=page,
        error=error,
        args=form_args,
        base_args=args,
        bulk_form=PlainForm(),
        may_bulk_assign=current_user.has_role(Role.editor),
        organization_name=_organization_name(session),
        **_choices(session),
    ), (error.http_status if error else 200)


@bp.post("/claims/bulk-assign")
@login_required
def bulk():
    form = PlainForm()
    back = request.form.get("back") or url_for("claim_list.index")
    if not back.startswith("/claims"):
        back = url_for("claim_list.index")
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(back)
    versions = {}
    for value in request.form.getlist("claim"):
        claim_id, _, version = value.partition(":")
        if _db_id(claim_id) and _db_id(version):
            versions[int(claim_id)] = int(version)
    assignee = int_or_none(request.form.get("assignee"))
    try:
        if not versions or assignee is None:
            raise ValidationError("Select claims and a reviewer.")
        claims = bulk_assign(get_session(), current_user, versions, assignee)
    except DomainError as error:
        get_session().rollback()
        flash(f"Nothing was assigned: {error.message}", "error")
        return redirect(back), 303
    flash(f"{len(claims)} claim(s) assigned.", "success")
    return redirect(back)
