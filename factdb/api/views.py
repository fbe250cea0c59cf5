"""The /api/v1 endpoints: parse, call one service, serialize. No rule is decided here."""

from __future__ import annotations

from flask import Response, current_app, g, jsonify, request, stream_with_context, url_for

from factdb.api.registry import operation
from factdb.api.serializers import (
    citation_json,
    claim_detail_json,
    claim_row_json,
    claims_json,
    comment_json,
    source_json,
)
from factdb.api.source_import import retrieval_json
from factdb.api.validation import KINDS, STATUSES, Param, parse_body
from factdb.db import get_engine, get_session
from factdb.models.base import MAX_ID
from factdb.services.reports import export_report, parse_report_filter
from factdb.services.review import claims as claim_service
from factdb.services.review import evidence, workflow
from factdb.services.review.inputs import (
    ClaimEdit,
    NewAssignment,
    NewCitation,
    NewClaim,
    NewComment,
    NewTransition,
)
from factdb.services.review.organizations import organization_directory
from factdb.services.review.reads import claim_page, claim_rows, source_claims
from factdb.services.search.listing import CLAIM_SORTS, list_claims, list_sources
from factdb.services.search.query import page_limit, parse_claim_list
from factdb.services.sources.fetch import FetchLimits
from factdb.services.sources.ingest import add_source
from factdb.services.sources.inputs import NewSource
from factdb.services.suggest.store import source_suggestions

PAGING = (
    Param("cursor", description="next_cursor of the previous page"),
    Param(
        "limit", "integer", "Page size, 1–200 (default 50)", extra={"minimum": 1, "maximum": 200}
    ),
)
CLAIM_ID = "/claims/<int:claim_id>"


def _page_response(items: list, next_cursor: str | None, endpoint: str):
    response = jsonify({"items": items, "next_cursor": next_cursor})
    if next_cursor:
        args = {**request.args.to_dict(flat=False), "cursor": next_cursor}
        response.headers["Link"] = f'<{url_for(endpoint, **args)}>; rel="next"'
    return response


def _detail(claim_id: int):
    return jsonify(claim_detail_json(claim_page(get_session(), claim_id, g.api_user)))


@operation(
    "/sources",
    "GET",
    "List sources, newest first",
    "sources",
    params=(Param("q", description="Words in the title or publisher"), *PAGING),
    responses={200: "SourcePage"},
)
def sources_index():
    page = list_sources(
        get_session(),
        q=request.args.get("q"),
        cursor=request.args.get("cursor"),
        limit=page_limit(request.args),
    )
    return _page_response(
        [source_json(s) for s in page.items], page.next_cursor, "api.sources_index"
    )


@operation(
    "/sources",
    "POST",
    "Add a source",
    "sources",
    body=NewSource,
    body_name="SourceCreate",
    responses={201: "Source", 409: "Error", 422: "Error"},
)
def sources_create():
    body = parse_body(NewSource)
    limits = FetchLimits.from_config(current_app.config)
    max_chars = current_app.config["MAX_SOURCE_CHARS"]
    source = add_source(
        get_session(), g.api_user, limits=limits, max_chars=max_chars, **body.given()
    )
    return jsonify(source_json(source)), 201


@operation(
    "/sources/<int:source_id>",
    "GET",
    "A source with its text and claims",
    "sources",
    responses={200: "SourceDetail", 404: "Error"},
)
def sources_show(source_id: int):
    session = get_session()
    read = source_claims(session, source_id)
    data = source_json(read.source)
    data["text"] = read.source.text
    data["retrieval"] = retrieval_json(read.retrieval)
    data["claims"] = claims_json(claim_rows(session, read.claims))
    return jsonify(data)


CLAIM_FILTERS = (
    Param("status", many=True, enum=STATUSES),
    Param("kind", many=True, enum=KINDS),
    Param("organization", description="Organization id, name or alias"),
    Param("source", "integer", extra={"minimum": 1, "maximum": MAX_ID}),
    Param(
        "assignee",
        description="A user id, me or none (unassigned)",
        extra={"pattern": "^([0-9]+|me|none)$"},
    ),
    Param("from", description="Updated on or after (YYYY-MM-DD)", extra={"format": "date"}),
    Param("to", description="Updated on or before (YYYY-MM-DD)", extra={"format": "date"}),
    Param("q", description="Text search"),
    Param(
        "due",
        "boolean",
        "true: only decided claims whose re-check date has passed",
    ),
    Param(
        "sort",
        enum=tuple(CLAIM_SORTS),
        description="relevance (the default with q; without q it means updated) or a column",
    ),
    Param("order", enum=("asc", "desc")),
)


@operation(
    "/claims",
    "GET",
    "List claims with filters, search and cursor pagination",
    "claims",
    params=(*CLAIM_FILTERS, *PAGING),
    responses={200: "ClaimPage", 422: "Error"},
)
def claims_index():
    session = get_session()
    query = parse_claim_list(session, request.args, g.api_user)
    page = list_claims(
        session,
        query.filters,
        sort=query.sort,
        descending=query.descending,
        cursor=query.cursor,
        limit=query.limit,
        rows=True,
    )
    items = [claim_row_json(row) for row in page.items]
    return _page_response(items, page.next_cursor, "api.claims_index")


@operation(
    "/claims",
    "POST",
    "Mark a claim in a source (a draft)",
    "claims",
    body=NewClaim,
    body_name="ClaimCreate",
    responses={201: "ClaimDetail", 403: "Error", 404: "Error", 422: "Error"},
)
def claims_create():
    body = parse_body(NewClaim)
    claim = claim_service.create_claim(get_session(), g.api_user, **body.given())
    return _detail(claim.id), 201


@operation(
    CLAIM_ID,
    "GET",
    "A claim with its citations, comments and history",
    "claims",
    responses={200: "ClaimDetail", 404: "Error"},
)
def claims_show(claim_id: int):
    return _detail(claim_id)


@operation(
    CLAIM_ID,
    "PATCH",
    "Edit a claim (send the version you saw)",
    "claims",
    body=ClaimEdit,
    body_name="ClaimEdit",
    responses={200: "ClaimDetail", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def claims_edit(claim_id: int):
    body = parse_body(ClaimEdit)
    claim_service.edit_claim(get_session(), g.api_user, claim_id, body.version, body.changes())
    return _detail(claim_id)


@operation(
    CLAIM_ID + "/citations",
    "POST",
    "Attach evidence to a claim",
    "claims",
    body=NewCitation,
    body_name="CitationCreate",
    responses={201: "Citation", 404: "Error", 409: "Error", 422: "Error"},
)
def citations_create(claim_id: int):
    session = get_session()
    body = parse_body(NewCitation)
    citation = evidence.add_citation(session, g.api_user, claim_id, **body.given())
    names = {g.api_user.id: g.api_user.display_name}
    return jsonify(citation_json(citation, names)), 201


@operation(
    CLAIM_ID + "/comments",
    "POST",
    "Comment on a claim",
    "claims",
    body=NewComment,
    body_name="CommentCreate",
    responses={201: "Comment", 404: "Error", 422: "Error"},
)
def comments_create(claim_id: int):
    session = get_session()
    comment = evidence.add_comment(session, g.api_user, claim_id, parse_body(NewComment).body)
    return jsonify(comment_json(comment, {g.api_user.id: g.api_user.display_name})), 201


@operation(
    CLAIM_ID + "/transitions",
    "POST",
    "Move a claim through the review workflow",
    "workflow",
    body=NewTransition,
    body_name="TransitionCreate",
    responses={200: "ClaimDetail", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
    description="403: not allowed for your role, or four eyes; 409: stale version (the body "
    "has current_version) or frozen claim; 422: invalid transition, note required, missing "
    "evidence.",
)
def transitions_create(claim_id: int):
    body = parse_body(NewTransition)
    workflow.transition(
        get_session(), g.api_user, claim_id, body.to, body.version, body.note, rating=body.rating
    )
    return _detail(claim_id)


@operation(
    CLAIM_ID + "/assignment",
    "POST",
    "Assign a claim to a reviewer (editors)",
    "workflow",
    body=NewAssignment,
    body_name="AssignmentCreate",
    responses={200: "ClaimDetail", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def assignment_create(claim_id: int):
    body = parse_body(NewAssignment)
    evidence.assign(get_session(), g.api_user, claim_id, body.assignee_id, body.version)
    return _detail(claim_id)


@operation(
    "/organizations",
    "GET",
    "Organizations with their aliases",
    "organizations",
    responses={200: "OrganizationList"},
)
def organizations_index():
    items = [
        {"id": entry.id, "name": entry.name, "aliases": entry.aliases}
        for entry in organization_directory(get_session())
    ]
    return jsonify({"items": items})


@operation(
    "/exports",
    "GET",
    "A report of the claims matching a filter",
    "reports",
    params=(
        Param("format", enum=("json", "csv", "claimreview", "md", "html")),
        Param("status", many=True, enum=STATUSES, description="Default: verified"),
        Param("source", "integer"),
        Param("organization", description="Organization id, name or alias"),
        Param("kind", enum=KINDS),
        Param("from", description="Verdicts on or after", extra={"format": "date"}),
        Param("to", description="Verdicts on or before", extra={"format": "date"}),
        Param("title"),
        Param("rating", description="Only verdicts given this rating label"),
    ),
    responses={200: "Report", 403: "Error", 422: "Error"},
    content_types=("application/json", "text/csv", "application/ld+json", "text/markdown"),
    description="Reviewers and editors only. JSON follows docs/report.schema.json.",
)
def exports_index():
    fmt = request.args.get("format", "json")
    if fmt == "pdf":
        fmt = "unsupported"  # the API serves text formats; PDF is on the web UI and CLI
    result = export_report(
        get_engine(),
        g.api_user,
        parse_report_filter(request.args),
        fmt,
        publisher={
            "name": current_app.config["PUBLISHER_NAME"],
            "url": current_app.config["PUBLISHER_URL"],
        },
    )
    return Response(
        stream_with_context(result.chunks),
        content_type=result.content_type,
        headers={"Content-Disposition": f'inline; filename="{result.filename}"'},
    )


@operation(
    "/sources/<int:source_id>/suggestions",
    "GET",
    "Suggested claims for a source",
    "sources",
    params=(Param("uncovered", "boolean", "Leave out what existing claims already cover"),),
    responses={200: "SuggestionList", 202: "Error", 404: "Error"},
    description="A long source's suggestions come from a background job: until it is done "
    "the answer is 202 with the job_id to follow at /jobs/{job_id}.",
)
def suggestions_index(source_id: int):
    uncovered = request.args.get("uncovered", "").lower() in ("1", "true", "yes")
    items = source_suggestions(
        get_session(), source_id, include_covered=not uncovered, requested_by=g.api_user
    )
    return jsonify({"items": [item.to_dict() for item in items]})
