"""The publication step on the claim page: an editor publishes a verdict or takes it off."""

from __future__ import annotations

from flask import Blueprint, flash, request
from flask_login import current_user, login_required

from factdb.db import get_session
from factdb.services.errors import DomainError
from factdb.services.publishing import publication
from factdb.services.publishing.ratings import parse_scale, ratings_for
from factdb.web.claims import _claim_page, back_to
from factdb.web.common import int_or_none

bp = Blueprint("publishing", __name__)


@bp.record_once
def _check_rating_scale(state) -> None:
    # A mistyped FACTDB_RATING_SCALE stops the app at start-up, not at the first verdict.
    scale = state.app.config.get("RATING_SCALE")
    if scale is not None:
        parse_scale(scale)


@bp.app_context_processor
def _publishing_helpers():
    return {"publication_moves": publication.publication_moves, "ratings_for": ratings_for}


@bp.post("/claims/<int:claim_id>/publish")
@login_required
def publish(claim_id: int):
    return _decide(claim_id, publication.publish, "The verdict is published.")


@bp.post("/claims/<int:claim_id>/unpublish")
@login_required
def unpublish(claim_id: int):
    return _decide(claim_id, publication.unpublish, "The verdict is off its public page.")


def _decide(claim_id: int, action, done: str):
    try:
        action(
            get_session(),
            current_user,
            claim_id,
            int_or_none(request.form.get("version")),
            request.form.get("note"),
        )
    except DomainError as error:
        return _claim_page(claim_id, error=error, status=error.http_status)
    flash(done, "success")
    return back_to(claim_id, "publish-h")
