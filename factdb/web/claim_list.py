"""The claims list: filters, sorting, cursor pages, saved filters, and bulk assignment for
editors."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.models import Role
from factdb.services.bounds import whole_number
from factdb.services.errors import DomainError, ValidationError
from factdb.services.inputs import parse_input
from factdb.services.review.evidence import bulk_assign
from factdb.services.search.choices import claim_list_choices
from factdb.services.search.counting import count_claims
from factdb.services.search.listing import RELEVANCE, list_claims
from factdb.services.search.query import parse_claim_list
from factdb.services.search.saved_filters import (
    SaveFilter,
    delete_saved_filter,
    save_filter,
    saved_filters,
)
from factdb.web.forms import PlainForm
from factdb.web.redirects import safe_next_path

bp = Blueprint("claim_list", __name__)
# Query-string parameters that order or page the list without filtering it.
UNFILTERED = {"sort", "order", "cursor", "limit"}


@bp.get("/claims")
@login_required
def index():
    """The claims list; a query string that cannot be read is shown above the list (422)."""
    session = get_session()
    error = page = count = None
    try:
        query = parse_claim_list(session, request.args, current_user)
        count = count_claims(session, query.filters)
        page = list_claims(
            session,
            query.filters,
            sort=query.sort,
            descending=query.descending,
            cursor=query.cursor,
            limit=query.limit,
        )
    except DomainError as exc:
        error = exc
    args = request.args.to_dict(flat=False)
    args.pop("cursor", None)
    # The form shows "relevance" unless another sort was chosen: it ranks a search and lists
    # the most recently updated claims first without one, so a new search is ranked.
    form_args = request.args.copy()
    form_args.setdefault("sort", RELEVANCE)
    choices = claim_list_choices(session, request.args)
    active = {k for k, v in request.args.items(multi=True) if k not in UNFILTERED and v.strip()}
    return render_template(
        "claims/index.html",
        page=page,
        count=count,
        filtered=bool(active),
        active_filters=len(active),
        saved_filters=saved_filters(session, current_user),
        form=PlainForm(),
        error=error,
        args=form_args,
        base_args=args,
        may_bulk_assign=current_user.has_role(Role.editor),
        **vars(choices),
    ), (error.http_status if error else 200)


@bp.get("/claims/bulk-assign", endpoint="bulk_get")
@bp.get("/claims/saved-filters", endpoint="save_get")
@bp.get("/claims/saved-filters/<int:filter_id>/delete", endpoint="delete_saved_get")
def _post_only(**_ids):
    """Opening a POST-only address (a reload after a refused post) lands on the list."""
    return redirect(url_for("claim_list.index"), 303)


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
    try:
        versions = {}
        for value in request.form.getlist("claim"):
            claim_id, _, version = value.partition(":")
            versions[whole_number(claim_id, "claim")] = whole_number(version, "version")
        assignee = whole_number(request.form.get("assignee"), "assignee")
        if not versions or assignee is None:
            raise ValidationError("Select claims and a reviewer.")
        claims = bulk_assign(get_session(), current_user, versions, assignee)
    except DomainError as error:
        get_session().rollback()
        flash(f"Nothing was assigned: {error.message}", "error")
        return redirect(back), 303
    flash(f"{len(claims)} claim(s) assigned.", "success")
    return redirect(back)


def _list_url(query: str) -> str:
    """The claims list with ``query``, or without it when it is not a safe local address
    (control characters, newlines, more than 2,000 characters)."""
    index = url_for("claim_list.index")
    return safe_next_path(index + (f"?{query}" if query else ""), index)


@bp.post("/claims/saved-filters")
@login_required
def save():
    """Save the list's filters (``query``) under ``name``; back to the list they show."""
    query = request.form.get("query", "").removeprefix("?")
    try:
        data = parse_input(SaveFilter, {"name": request.form.get("name", ""), "query": query})
        saved, replaced = save_filter(get_session(), current_user, data)
    except DomainError as error:
        get_session().rollback()
        flash(f"The filters were not saved: {error.message}", "error")
        return redirect(_list_url(query), 303)
    if replaced:
        flash(f"“{saved.name}” now keeps these filters (it replaced the ones it kept).", "success")
    else:
        flash(f"Filters saved as “{saved.name}”.", "success")
    return redirect(_list_url(saved.query), 303)


@bp.post("/claims/saved-filters/<int:filter_id>/delete")
@login_required
def delete_saved(filter_id: int):
    name = delete_saved_filter(get_session(), current_user, filter_id)
    flash(f"Saved filter “{name}” deleted.", "success")
    return redirect(_list_url(request.form.get("back", "").removeprefix("?")), 303)
