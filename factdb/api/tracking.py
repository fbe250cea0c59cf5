"""The /api/v1 endpoints of fact tracking: similar claims, matches, conflicts, re-checks and
organizations. Parse, call one service, serialize."""

from __future__ import annotations

from flask import g, jsonify, request

from factdb.api.openapi import NULLABLE_STRING, REF, RESPONSE_SCHEMAS, TIMESTAMP, _object
from factdb.api.registry import operation
from factdb.api.serializers import claims_json
from factdb.api.validation import Param, parse_body
from factdb.db import get_session
from factdb.services.bounds import whole_number
from factdb.services.publishing.factchecks import fact_check_json
from factdb.services.review.organizations import organization_filter_id
from factdb.services.review.reads import claim_rows
from factdb.services.search.query import page_limit
from factdb.services.tracking import (
    conflicts,
    fact_check_matching,
    matches,
    matching,
    organizations,
    recheck,
)
from factdb.services.tracking.inputs import (
    Merge,
    NewAlias,
    NewMatch,
    Note,
    RecheckDate,
    RecheckDecision,
    RequiredNote,
)
from factdb.services.tracking.timeline import organization_timeline
from factdb.timeutil import isoformat_utc

CLAIM_ID = "/claims/<int:claim_id>"

SIMILAR = _object(
    {
        "claim": REF["Claim"],
        "score": {"type": "number"},
        "text_similarity": {"type": "number"},
        "relation": {"type": "string", "enum": ["equal", "close", "conflicting", "incomparable"]},
        "reasons": {"type": "array", "items": {"type": "string"}},
        "linked": {"type": "boolean"},
    }
)
SIMILAR_FACT_CHECK = _object(
    {
        "fact_check": {"$ref": "#/components/schemas/FactCheck"},
        "score": {"type": "number"},
        "text_similarity": {"type": "number"},
        "same_claimant": {"type": "boolean"},
        "reasons": {"type": "array", "items": {"type": "string"}},
    }
)
CONFLICT = _object(
    {
        "id": {"type": "integer"},
        "claim_id": {"type": "integer"},
        "other_id": {"type": "integer"},
        "reason": {"type": "string", "enum": ["value", "verdict"]},
        "detail": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "dismissed"]},
        "note": NULLABLE_STRING,
        "detected_at": TIMESTAMP,
    }
)
ORGANIZATION = {
    "id": {"type": "integer"},
    "name": {"type": "string"},
    "aliases": {
        "type": "array",
        "items": _object({"id": {"type": "integer"}, "alias": {"type": "string"}}),
    },
}
TIMELINE_ENTRY = _object(
    {
        "date": {"type": "string", "format": "date"},
        "dated_by": {
            "type": "string",
            "enum": ["as of", "said on", "source published", "recorded"],
        },
        "claim_id": {"type": "integer"},
        "text": {"type": "string"},
        "kind": {"type": "string"},
        "status": {"type": "string"},
        "value": {"type": "string"},
        "source_id": {"type": "integer"},
        "source_title": {"type": "string"},
    }
)
RESPONSE_SCHEMAS.update(
    {
        "SimilarClaims": _object(
            {
                "items": {"type": "array", "items": SIMILAR},
                "fact_checks": {"type": "array", "items": SIMILAR_FACT_CHECK},
            }
        ),
        "Conflict": CONFLICT,
        "ConflictPage": _object(
            {"items": {"type": "array", "items": CONFLICT}, "next_cursor": NULLABLE_STRING}
        ),
        "ClaimGroup": _object(
            {
                "items": {"type": "array", "items": REF["Claim"]},
                "offered_for_review": {
                    "type": "array",
                    "items": {"type": "integer"},
                    "description": "When this claim has a verdict: the ids of the group's "
                    "claims still open for review, which the verdict may settle",
                },
            }
        ),
        "RecheckRequest": _object(
            {
                "id": {"type": "integer"},
                "claim_id": {"type": "integer"},
                "status": {"type": "string"},
                "note": {"type": "string"},
                "decision_note": NULLABLE_STRING,
            }
        ),
        "Organization": _object(ORGANIZATION),
        "OrganizationTimeline": _object(
            ORGANIZATION
            | {
                "timeline": {"type": "array", "items": TIMELINE_ENTRY},
                "timeline_truncated": {"type": "boolean"},
                "conflicts": {"type": "array", "items": CONFLICT},
            }
        ),
    }
)


def conflict_json(conflict) -> dict:
    return {
        "id": conflict.id,
        "claim_id": conflict.claim_id,
        "other_id": conflict.other_id,
        "reason": conflict.reason,
        "detail": conflict.detail,
        "status": conflict.status,
        "note": conflict.note,
        "detected_at": isoformat_utc(conflict.detected_at),
    }


def _organization_json(session, organization_id: int) -> dict:
    organization = organizations.get_organization(session, organization_id)
    aliases = organizations.organization_aliases_of(session, organization_id)
    return {
        "id": organization.id,
        "name": organization.name,
        "aliases": [{"id": a.id, "alias": a.alias} for a in aliases],
    }


def _timeline_json(read) -> dict:
    organization = read.organization
    return {
        "id": organization.id,
        "name": organization.name,
        "aliases": [{"id": a.id, "alias": a.alias} for a in read.aliases],
        "timeline": [
            {
                "date": e.when.isoformat(),
                "dated_by": e.dated_by,
                "claim_id": e.claim.id,
                "text": e.claim.text,
                "kind": e.claim.kind,
                "status": e.claim.status,
                "value": e.value_text,
                "source_id": e.source_id,
                "source_title": e.source_title,
            }
            for e in read.entries
        ],
        "timeline_truncated": read.more,
        "conflicts": [conflict_json(v.conflict) for v in read.conflicts],
    }


@operation(
    f"{CLAIM_ID}/similar",
    "GET",
    "Similar claims (claim matching) and imported fact-checks of the same claim, best first, "
    "with score and reasons",
    "tracking",
    params=(Param("limit", "integer", "1–50 (default 10)"),),
    responses={200: "SimilarClaims", 404: "Error"},
)
def claims_similar(claim_id: int):
    session = get_session()
    limit = whole_number(request.args.get("limit"), "limit", high=50) or 10
    found = matching.similar_to_claim(session, claim_id, limit)
    fact_checks = fact_check_matching.similar_fact_checks_to_claim(session, claim_id, limit)
    rendered = claims_json(
        claim_rows(session, [s.claim for s in found], [s.organization for s in found])
    )
    items = [
        {
            "claim": claim,
            "score": s.score,
            "text_similarity": s.text_similarity,
            "relation": s.relation.value,
            "reasons": s.reasons,
            "linked": s.linked,
        }
        for s, claim in zip(found, rendered, strict=True)
    ]
    return jsonify({"items": items, "fact_checks": [_similar_fact_check(f) for f in fact_checks]})


def _similar_fact_check(found: fact_check_matching.SimilarFactCheck) -> dict:
    return {
        "fact_check": fact_check_json(found.fact_check),
        "score": found.score,
        "text_similarity": found.text_similarity,
        "same_claimant": found.same_claimant,
        "reasons": found.reasons,
    }


@operation(
    f"{CLAIM_ID}/matches",
    "POST",
    "Confirm that another claim makes the same claim (reviewers, editors)",
    "tracking",
    body=NewMatch,
    body_name="MatchCreate",
    responses={201: "ClaimGroup", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def matches_create(claim_id: int):
    session = get_session()
    data = parse_body(NewMatch)
    matches.link_claims(session, g.api_user, claim_id, data.claim_id, data.note)
    return _group(session, claim_id), 201


@operation(
    f"{CLAIM_ID}/matches/<int:other_id>",
    "DELETE",
    "Remove a confirmed match (editors); the record stays",
    "tracking",
    body=Note,
    body_name="MatchRemoval",
    responses={200: "ClaimGroup", 403: "Error", 404: "Error"},
)
def matches_delete(claim_id: int, other_id: int):
    session = get_session()
    data = parse_body(Note)
    matches.remove_match(session, g.api_user, claim_id, other_id, data.note)
    return _group(session, claim_id)


@operation(
    f"{CLAIM_ID}/group",
    "GET",
    "The claims linked to this one by confirmed matches, side by side",
    "tracking",
    responses={200: "ClaimGroup", 404: "Error"},
)
def claims_group(claim_id: int):
    return _group(get_session(), claim_id)


def _group(session, claim_id: int):
    members = matches.claim_group(session, claim_id)
    items = claims_json(
        claim_rows(session, [m.claim for m in members], [m.organization for m in members])
    )
    offer = matches.review_offer(members[0].claim, members) if members else None
    offered = [m.claim.id for m in offer.still_open] if offer else []
    return jsonify({"items": items, "offered_for_review": offered})


@operation(
    "/conflicts",
    "GET",
    "Conflicting claims, newest first",
    "tracking",
    params=(
        Param("organization", description="Organization name, alias or id"),
        Param("kind", enum=("statement", "date", "figure")),
        Param("status", enum=("open", "dismissed")),
        Param("cursor", description="next_cursor of the previous page"),
        Param("limit", "integer", "1–200 (default 50)"),
    ),
    responses={200: "ConflictPage"},
)
def conflicts_index():
    session = get_session()
    page = conflicts.list_conflicts(
        session,
        organization_id=organization_filter_id(session, request.args.get("organization")),
        kind=request.args.get("kind") or None,
        status=request.args.get("status") or "open",
        after_id=whole_number(request.args.get("cursor"), "cursor"),
        limit=page_limit(request.args),
    )
    items = [conflict_json(view.conflict) for view in page.items]
    cursor = str(page.next_cursor) if page.next_cursor else None
    return jsonify({"items": items, "next_cursor": cursor})


@operation(
    "/conflicts/<int:conflict_id>/dismiss",
    "POST",
    "Mark a flagged pair as not a conflict, with a note (reviewers, editors)",
    "tracking",
    body=RequiredNote,
    body_name="ConflictDismissal",
    responses={200: "Conflict", 403: "Error", 404: "Error", 422: "Error"},
)
def conflicts_dismiss(conflict_id: int):
    data = parse_body(RequiredNote)
    conflict = conflicts.dismiss_conflict(get_session(), g.api_user, conflict_id, data.note)
    return jsonify(conflict_json(conflict))


@operation(
    f"{CLAIM_ID}/recheck-date",
    "POST",
    "Set when a claim is to be checked again, at any status (reviewers, editors)",
    "tracking",
    body=RecheckDate,
    body_name="RecheckDate",
    responses={200: "Claim", 403: "Error", 404: "Error", 422: "Error"},
)
def claims_recheck_date(claim_id: int):
    session = get_session()
    data = parse_body(RecheckDate)
    claim = recheck.set_recheck_date(session, g.api_user, claim_id, data.recheck_on, data.note)
    return jsonify(claims_json(claim_rows(session, [claim]))[0])


@operation(
    f"{CLAIM_ID}/recheck",
    "POST",
    "Re-check a decided claim now: reopen it with a note (editors)",
    "tracking",
    body=RequiredNote,
    body_name="Recheck",
    responses={200: "Claim", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def claims_recheck(claim_id: int):
    session = get_session()
    data = parse_body(RequiredNote)
    claim = recheck.recheck_claim(session, g.api_user, claim_id, data.note)
    return jsonify(claims_json(claim_rows(session, [claim]))[0])


def _request_json(item) -> dict:
    return {
        "id": item.id,
        "claim_id": item.claim_id,
        "status": item.status,
        "note": item.note,
        "decision_note": item.decision_note,
    }


@operation(
    f"{CLAIM_ID}/recheck-requests",
    "POST",
    "Ask an editor to re-check a decided claim (reviewers)",
    "tracking",
    body=RequiredNote,
    body_name="RecheckRequestCreate",
    responses={201: "RecheckRequest", 403: "Error", 404: "Error", 422: "Error"},
)
def recheck_requests_create(claim_id: int):
    data = parse_body(RequiredNote)
    item = recheck.request_recheck(get_session(), g.api_user, claim_id, data.note)
    return jsonify(_request_json(item)), 201


@operation(
    "/recheck-requests/<int:request_id>/decision",
    "POST",
    "Approve (reopen the claim) or decline a re-check request (editors)",
    "tracking",
    body=RecheckDecision,
    body_name="RecheckDecision",
    responses={200: "RecheckRequest", 403: "Error", 404: "Error", 422: "Error"},
)
def recheck_requests_decide(request_id: int):
    data = parse_body(RecheckDecision)
    item = recheck.decide_request(get_session(), g.api_user, request_id, data.approve, data.note)
    return jsonify(_request_json(item))


@operation(
    "/organizations/<int:organization_id>",
    "GET",
    "An organization with its aliases, its claims as a timeline (oldest first: as of, said "
    "on, the source's date or the day recorded) and its open conflicts",
    "organizations",
    responses={200: "OrganizationTimeline", 404: "Error"},
)
def organizations_show(organization_id: int):
    return jsonify(_timeline_json(organization_timeline(get_session(), organization_id)))


@operation(
    "/organizations/<int:organization_id>/aliases",
    "POST",
    "Add an alias (editors)",
    "organizations",
    body=NewAlias,
    body_name="AliasCreate",
    responses={201: "Organization", 403: "Error", 404: "Error", 409: "Error", 422: "Error"},
)
def organizations_add_alias(organization_id: int):
    session = get_session()
    data = parse_body(NewAlias)
    organizations.add_organization_alias(session, g.api_user, organization_id, data.alias)
    return jsonify(_organization_json(session, organization_id)), 201


@operation(
    "/organizations/<int:organization_id>/aliases/<int:alias_id>",
    "DELETE",
    "Remove an alias (editors)",
    "organizations",
    responses={200: "Organization", 403: "Error", 404: "Error"},
)
def organizations_remove_alias(organization_id: int, alias_id: int):
    session = get_session()
    organizations.remove_organization_alias(session, g.api_user, organization_id, alias_id)
    return jsonify(_organization_json(session, organization_id))


@operation(
    "/organizations/<int:organization_id>/merge",
    "POST",
    "Merge another organization into this one: its claims and aliases move (editors)",
    "organizations",
    body=Merge,
    body_name="OrganizationMerge",
    responses={200: "Organization", 403: "Error", 404: "Error", 422: "Error"},
)
def organizations_merge(organization_id: int):
    session = get_session()
    data = parse_body(Merge)
    organizations.merge_organizations(session, g.api_user, organization_id, data.organization_id)
    return jsonify(_organization_json(session, organization_id))
