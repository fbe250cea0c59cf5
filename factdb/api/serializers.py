"""Turning models into the API's JSON (the shapes the OpenAPI document declares)."""

from __future__ import annotations

import json

from factdb.api.source_import import source_metadata_json
from factdb.models import Citation, Claim, Comment, Source
from factdb.services.review.reads import ClaimPage, ClaimRows
from factdb.services.review.values import value_dict
from factdb.services.sources.pages import page_of
from factdb.timeutil import isoformat_utc


def _day(value):
    return value.isoformat() if value else None


def source_json(source: Source) -> dict:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": _day(source.published),
        "retrieved_at": isoformat_utc(source.retrieved_at),
        "sha256": source.sha256,
        "length": len(source.text),
        "created_at": isoformat_utc(source.created_at),
        **source_metadata_json(source),
    }


def claim_json(
    claim: Claim, organization: str | None, names: dict[int, str], page: int | None = None
) -> dict:
    return _claim_dict(
        claim,
        organization,
        _person(claim.assignee_id, names),
        _person(claim.created_by_id, names),
        _person(claim.decided_by_id, names),
        page,
        (
            isoformat_utc(claim.created_at),
            isoformat_utc(claim.updated_at),
            isoformat_utc(claim.decided_at),
        ),
    )


def claim_row_json(row) -> dict:
    """A claim read as a plain row by ``list_claims(rows=True)``, with its names joined and
    its timestamps already written as text by the database."""
    page = page_of(json.loads(row.page_map), row.excerpt_start) if row.page_map else None
    return _claim_dict(
        row,
        row.organization,
        _named(row.assignee_id, row.assignee_name),
        _named(row.created_by_id, row.creator_name),
        _named(row.decided_by_id, row.decider_name),
        page,
        (row.created_at, row.updated_at, row.decided_at),
    )


def _claim_dict(claim, organization, assignee, created_by, decided_by, page, stamps) -> dict:
    """The API's Claim from anything with the claim table's columns as attributes, and its
    creation, last change and decision times as ISO 8601 text."""
    created_at, updated_at, decided_at = stamps
    return {
        "id": claim.id,
        "kind": claim.kind,
        "text": claim.text,
        "status": claim.status,
        "version": claim.version,
        "source_id": claim.source_id,
        "organization": organization,
        "excerpt": {
            "start": claim.excerpt_start,
            "end": claim.excerpt_end,
            "exact": claim.excerpt_exact,
            "prefix": claim.excerpt_prefix,
            "suffix": claim.excerpt_suffix,
            "page": page,
        },
        "value": value_dict(claim),
        "assignee": assignee,
        "created_by": created_by,
        "decided_by": decided_by,
        "created_at": created_at,
        "updated_at": updated_at,
        "decided_at": decided_at,
    }


def claims_json(rows: ClaimRows) -> list[dict]:
    """Several claims, with the names ``rows`` read once for all of them."""
    return [
        claim_json(claim, organization, rows.names, page)
        for claim, organization, page in zip(
            rows.claims, rows.organizations, rows.pages, strict=True
        )
    ]


def _person(user_id: int | None, names: dict) -> dict | None:
    return None if user_id is None else _named(user_id, names.get(user_id))


def _named(user_id: int | None, name: str | None) -> dict | None:
    if user_id is None:
        return None
    return {"id": user_id, "name": "?" if name is None else name}


def citation_json(citation: Citation, names: dict) -> dict:
    return {
        "id": citation.id,
        "url": citation.url,
        "title": citation.title,
        "publisher": citation.publisher,
        "published": _day(citation.published),
        "accessed": _day(citation.accessed),
        "quote": citation.quote,
        "stance": citation.stance,
        "added_by": _person(citation.added_by_id, names),
        "created_at": isoformat_utc(citation.created_at),
        **_evidence_state(citation, names),
    }


def _evidence_state(item: Citation | Comment, names: dict) -> dict:
    return {
        "edited_at": isoformat_utc(item.edited_at) if item.edited_at else None,
        "withdrawn_at": isoformat_utc(item.withdrawn_at) if item.withdrawn_at else None,
        "withdrawn_by": _person(item.withdrawn_by_id, names),
    }


def comment_json(comment: Comment, names: dict) -> dict:
    return {
        "id": comment.id,
        "body": comment.body,
        "author": _person(comment.author_id, names),
        "created_at": isoformat_utc(comment.created_at),
        **_evidence_state(comment, names),
    }


def claim_detail_json(page: ClaimPage) -> dict:
    """The claim page's read (``claim_page``) as the API's ClaimDetail."""
    organization = page.organization.name if page.organization else None
    data = claim_json(page.claim, organization, page.names, page.page)
    data["citations"] = [citation_json(c, page.names) for c in page.citations]
    data["comments"] = [comment_json(c, page.names) for c in page.comments]
    data["history"] = [entry.to_dict() for entry in page.history]
    data["allowed_transitions"] = [
        {"to": m.target.value, "label": m.label, "needs_note": m.needs_note} for m in page.moves
    ]
    return data
