"""Correcting evidence on the claim page: editing and withdrawing citations and comments."""

from __future__ import annotations

from flask import Blueprint, flash, request
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError, ValidationError
from factdb.services.review import evidence
from factdb.web.claims import _claim_page, back_to
from factdb.web.common import show_refusal
from factdb.web.forms import CitationForm, CommentForm, PlainForm

bp = Blueprint("evidence", __name__)


def _done(message: str, claim_id: int, anchor: str):
    flash(message, "success")
    return back_to(claim_id, anchor)


def _refused(claim_id: int, error: DomainError, form=None):
    show_refusal(form, error)
    return _claim_page(claim_id, error=error, status=error.http_status)


def _check_token(form) -> None:
    if not form.validate_on_submit():
        raise ValidationError("The form expired; reload the page and try again.")


@bp.post("/claims/<int:claim_id>/citations/<int:citation_id>/edit")
@login_required
def edit_citation(claim_id: int, citation_id: int):
    form = CitationForm()
    try:
        if not form.validate_on_submit():
            raise ValidationError("Check the citation's fields.", {"published": "a date"})
        changes = form.citation().given()
        evidence.edit_citation(get_session(), current_user, claim_id, citation_id, changes)
    except DomainError as error:
        return _refused(claim_id, error, form)
    return _done("Citation corrected.", claim_id, f"citation-{citation_id}")


@bp.post("/claims/<int:claim_id>/citations/<int:citation_id>/withdraw")
@login_required
def withdraw_citation(claim_id: int, citation_id: int):
    try:
        _check_token(PlainForm())
        evidence.withdraw_evidence(
            get_session(),
            current_user,
            claim_id,
            citation_id=citation_id,
            note=request.form.get("note"),
        )
    except DomainError as error:
        return _refused(claim_id, error)
    return _done("Citation withdrawn; it no longer counts as evidence.", claim_id, "citations")


@bp.post("/claims/<int:claim_id>/comments/<int:comment_id>/edit")
@login_required
def edit_comment(claim_id: int, comment_id: int):
    form = CommentForm()
    try:
        _check_token(form)
        evidence.edit_comment(get_session(), current_user, claim_id, comment_id, form.body.data)
    except DomainError as error:
        return _refused(claim_id, error, form)
    return _done("Comment edited.", claim_id, f"comment-{comment_id}")


@bp.post("/claims/<int:claim_id>/comments/<int:comment_id>/withdraw")
@login_required
def withdraw_comment(claim_id: int, comment_id: int):
    try:
        _check_token(PlainForm())
        evidence.withdraw_evidence(
            get_session(),
            current_user,
            claim_id,
            comment_id=comment_id,
            note=request.form.get("note"),
        )
    except DomainError as error:
        return _refused(claim_id, error)
    return _done("Comment withdrawn.", claim_id, "comments")


@bp.app_context_processor
def _evidence_rules():
    return {"may_change_evidence": evidence.may_change_evidence}
