"""The dashboard: my queue, waiting for review, sent back to me, recently decided."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlmodel import select

from factdb.db import get_session
from factdb.models import ClaimStatus, Transition
from factdb.services.review.workflow import status_counts
from factdb.services.search.listing import ClaimFilters, list_claims

bp = Blueprint("dashboard", __name__)
PANEL_SIZE = 10


@bp.get("/")
@login_required
def index():
    session = get_session()
    me = current_user.id
    my_drafts = list_claims(
        session, ClaimFilters(statuses=["draft"], created_by_id=me), limit=50
    ).items
    # Only my drafts' own transitions are read: the audit log is far larger than any queue.
    sent_back_ids = set(
        session.exec(
            select(Transition.claim_id).where(
                Transition.claim_id.in_([item.claim.id for item in my_drafts]),
                Transition.from_status == ClaimStatus.in_review,
                Transition.to_status == ClaimStatus.draft,
            )
        ).all()
    )
    panels = {
        "queue": list_claims(
            session, ClaimFilters(statuses=["in_review"], assignee_id=me), limit=PANEL_SIZE
        ).items,
        "waiting": list_claims(
            session,
            ClaimFilters(statuses=["submitted"]),
            sort="updated",
            descending=False,
            limit=PANEL_SIZE,
        ).items,
        "sent_back": [item for item in my_drafts if item.claim.id in sent_back_ids][:PANEL_SIZE],
        "decided": list_claims(
            session,
            ClaimFilters(statuses=["verified", "refuted", "unverifiable"]),
            limit=PANEL_SIZE,
        ).items,
    }
    return render_template("dashboard/index.html", panels=panels, counts=status_counts(session))
