"""Public, read-only pages without sign-in: published verdicts, their index and the
ClaimReview data feed. Nothing here reads a draft, a comment or a reviewer's address."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, render_template, request, url_for
from markupsafe import Markup

from factdb.db import get_session
from factdb.services.publishing.claimreview import public_path
from factdb.services.publishing.public import (
    PublicFilters,
    claimreview_feed,
    public_claim,
    public_index,
)
from factdb.services.publishing.ratings import rating_scale
from factdb.timeutil import utcnow
from factdb.web.common import int_or_none

bp = Blueprint("public", __name__, url_prefix="/public")
# Inside <script>, "</script>" or "<!--" in any field would end or bend the block: every
# "<", ">" and "&" is written as a JSON escape, which JSON-LD readers decode as the same text.
JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def script_json(data: dict) -> Markup:
    """JSON safe to place inside a <script> element, whatever its strings contain."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    for char, escape in JSON_ESCAPES.items():
        text = text.replace(char, escape)
    return Markup(text)


def base_url() -> str:
    """Absolute URLs start here: ``PUBLIC_BASE_URL`` if set, else this request's host."""
    return (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")


def publisher() -> dict:
    config = current_app.config
    return {
        "name": config["PUBLISHER_NAME"],
        "url": config["PUBLISHER_URL"],
        "public_base_url": base_url(),
        "language": config.get("PUBLIC_LANGUAGE") or None,
    }


@bp.get("/")
def index():
    filters = PublicFilters(
        q=request.args.get("q"),
        verdict=request.args.get("verdict") or None,
        rating=request.args.get("rating"),
        organization=request.args.get("organization"),
        before_id=int_or_none(request.args.get("before")),
    )
    page = public_index(get_session(), filters)
    return render_template("public/index.html", page=page, filters=filters, ratings=rating_scale())


@bp.get("/claims/<int:claim_id>")
@bp.get("/claims/<int:claim_id>/<path:slug>")
def claim(claim_id: int, slug: str | None = None):
    page = public_claim(get_session(), claim_id, publisher())
    canonical = base_url() + public_path(claim_id, page.record["text"])
    return render_template(
        "public/claim.html",
        page=page,
        claim=page.record,
        canonical=canonical,
        review_json=script_json(page.review) if page.review else None,
        site_name=current_app.config["PUBLISHER_NAME"],
    )


@bp.get("/claimreview.json")
def feed():
    document = claimreview_feed(
        get_session(), publisher(), base_url() + url_for("public.feed"), utcnow()
    )
    response = jsonify(document)
    response.mimetype = "application/ld+json"
    return response
