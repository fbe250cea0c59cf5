"""/api/v1 operations of publishing: publish and unpublish a verdict, import and search
fact-checks (ClaimReview in), and a source's claims as Web Annotations."""

from __future__ import annotations

import re

from flask import current_app, g, jsonify, request

from factdb.api.openapi import NULLABLE_STRING, RESPONSE_SCHEMAS
from factdb.api.registry import operation
from factdb.api.validation import Param, parse_body
from factdb.db import get_session
from factdb.services.bounds import whole_number
from factdb.services.errors import ValidationError
from factdb.services.publishing import annotations, factchecks, publication
from factdb.services.publishing.claimreview import public_path
from factdb.services.publishing.inputs import PublicationChange
from factdb.services.sources.fetch import FetchLimits, fetch_url

CLAIM_ID = "/claims/<int:claim_id>"
FACT_CHECK = {
    "id": {"type": "integer"},
    "url": {"type": "string"},
    "claim_text": {"type": "string"},
    "claimant": NULLABLE_STRING,
    "claim_date": {"type": ["string", "null"], "format": "date"},
    "publisher_name": NULLABLE_STRING,
    "publisher_site": NULLABLE_STRING,
    "review_date": {"type": ["string", "null"], "format": "date"},
    "textual_rating": NULLABLE_STRING,
    "normalized_rating": {"type": "string", "enum": ["true", "false", "mixed", "other"]},
    "language": NULLABLE_STRING,
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
}
FACT_CHECK_LIST = {"type": "array", "items": {"$ref": "#/components/schemas/FactCheck"}}
RESPONSE_SCHEMAS.update(
    {
        "Publication": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "status": {"type": "string"},
                "version": {"type": "integer"},
                "published_at": {"type": ["string", "null"], "format": "date-time"},
                "public_url": NULLABLE_STRING,
                "rating": NULLABLE_STRING,
            },
            "required": ["id", "status", "version", "published_at", "public_url", "rating"],
        },
        "FactCheck": {"type": "object", "properties": FACT_CHECK, "required": list(FACT_CHECK)},
        "FactCheckPage": {
            "type": "object",
            "properties": {"items": FACT_CHECK_LIST, "next_cursor": NULLABLE_STRING},
            "required": ["items", "next_cursor"],
        },
        "FactCheckImport": {
            "type": "object",
            "properties": {
                "created": {"type": "integer"},
                "updated": {"type": "integer"},
                "items": FACT_CHECK_LIST,
            },
            "required": ["created", "updated", "items"],
        },
        "AnnotationPage": {
            "type": "object",
            "description": "W3C Web Annotation JSON-LD: an AnnotationPage of Annotations",
            "properties": {"type": {"const": "AnnotationPage"}, "items": {"type": "array"}},
            "required": ["type", "items"],
        },
    }
)


def _publication_json(claim) -> dict:
    base = (current_app.config.get("PUBLIC_BASE_URL") or request.host_url).rstrip("/")
    return {
        "id": claim.id,
        "status": claim.status,
        "version": claim.version,
        "published_at": claim.published_at.isoformat() if claim.published_at else None,
        "public_url": base + public_path(claim.id, claim.text) if claim.published_at else None,
        "rating": claim.rating_label,
    }


@operation(
    CLAIM_ID + "/publish",
    "POST",
    "Publish a verdict on its public page (editors)",
    "publishing",
    body=PublicationChange,
    body_name="PublicationChange",
    responses={200: "Publication", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def claims_publish(claim_id: int):
    return _publication_change(publication.publish, claim_id)


@operation(
    CLAIM_ID + "/unpublish",
    "POST",
    "Take a verdict off its public page (editors; a note is required)",
    "publishing",
    body=PublicationChange,
    body_name="PublicationChange",
    responses={200: "Publication", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def claims_unpublish(claim_id: int):
    return _publication_change(publication.unpublish, claim_id)


def _publication_change(action, claim_id: int):
    body = parse_body(PublicationChange)
    claim = action(get_session(), g.api_user, claim_id, body.version, body.note)
    return jsonify(_publication_json(claim))


@operation(
    "/fact-checks",
    "GET",
    "Search imported fact-checks",
    "fact-checks",
    params=(
        Param("q", description="Words of the claim, claimant or publisher"),
        Param("rating", enum=("true", "false", "mixed", "other")),
        Param("cursor", description="next_cursor of the previous page"),
        Param("limit", "integer", "Page size, 1–200", extra={"minimum": 1, "maximum": 200}),
    ),
    responses={200: "FactCheckPage", 422: "Error"},
)
def fact_checks_index():
    cursor = request.args.get("cursor") or None
    if cursor is not None and not re.fullmatch(r"[0-9]{1,18}", cursor):
        raise ValidationError("cursor is the next_cursor of a previous page.", {"cursor": "bad"})
    limit = whole_number(request.args.get("limit"), "limit", high=200) or factchecks.PAGE_SIZE
    rows, next_id = factchecks.search_fact_checks(
        get_session(),
        q=request.args.get("q"),
        rating=request.args.get("rating") or None,
        before_id=int(cursor) if cursor else None,
        limit=limit,
    )
    return jsonify(
        {
            "items": [factchecks.fact_check_json(row) for row in rows],
            "next_cursor": str(next_id) if next_id else None,
        }
    )


@operation(
    "/fact-checks",
    "POST",
    "Import fact-checks (ClaimReview) from a document or a URL (reviewers, editors)",
    "fact-checks",
    params=(Param("url", description="Fetch the document from this http(s) URL instead"),),
    responses={201: "FactCheckImport", 403: "Error", 413: "Error", 422: "Error"},
    description="The body is the document: JSON-LD (one ClaimReview, a list or an @graph), a "
    "Fact Check Tools claims:search response, or an HTML page with JSON-LD or microdata. A "
    "review whose URL is already known updates that fact-check.",
)
def fact_checks_create():
    factchecks.check_may_import(g.api_user)
    url = (request.args.get("url") or "").strip()
    if url:
        config = current_app.config
        fetched = fetch_url(url, FetchLimits.from_config(config))
        document = (fetched.data, fetched.retrieval["final_url"])
    else:
        document = (request.get_data(cache=False), None)
    result = factchecks.import_fact_checks(get_session(), g.api_user, [document])
    body = {
        "created": len(result.created),
        "updated": len(result.updated),
        "items": [factchecks.fact_check_json(row) for row in result.fact_checks],
    }
    return jsonify(body), 201


@operation(
    "/sources/<int:source_id>/annotations",
    "GET",
    "A source's claims as W3C Web Annotations (JSON-LD)",
    "sources",
    responses={200: "AnnotationPage", 404: "Error"},
)
def sources_annotations(source_id: int):
    base = current_app.config["PUBLISHER_URL"]
    page = annotations.source_annotations(get_session(), source_id, base)
    response = jsonify(page)
    response.mimetype = "application/ld+json"
    return response
