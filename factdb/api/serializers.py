"""Turning models into the API's JSON (the shapes the OpenAPI document declares)."""

from __future__ import annotations

from sqlmodel import Session, select

from factdb.api.source_import import source_metadata_json
from factdb.models import Citation, Claim, Comment, Organization, Source, User
from factdb.services.review.history import claim_history
from factdb.services.review.values import value_dict
from factdb.services.review.workflow import allowed_moves
from factdb.services.sources.pages import excerpt_page, excerpt_pages
from factdb.timeutil import isoformat_utc


def _day(value):
    return value.isoformat() if value else None


def _names(session: Session, ids: set) -> dict[int, str]:
    ids = {i for i in ids if i is not None}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.display_name).where(User.id.in_(ids))).all())


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
    session: Session, claim: Claim, organization: str | None = ..., names=None, page=...
) -> dict:
    if organization is ...:
        org = session.get(Organization, claim.organization_id) if claim.organization_id else None
        organization = org.name if org else None
    names = (
        names
        if names is not None
        else _names(session, {claim.assignee_id, claim.created_by_id, claim.decided_by_id})
    )
    return {
        "id": claim.id,
        "kind": claim.kind,
        "text": claim.text,
        "status": claim.status,
        "version": claim.version,
        "source_id": claim.source_id,
        "organization": organization,
        "excerpt": {
            **claim.excerpt.to_dict(),
            "page": excerpt_page(session, claim) if page is ... else page,
        },
        "value": value_dict(claim),
        "assignee": _person(claim.assignee_id, names),
        "created_by": _person(claim.created_by_id, names),
        "decided_by": _person(claim.decided_by_id, names),
        "created_at": isoformat_utc(claim.created_at),
        "updated_at": isoformat_utc(claim.updated_at),
        "decided_at": isoformat_utc(claim.decided_at),
    }


def claims_json(session: Session, claims: list[Claim], organizations: list | None = None):
    """Several claims, with the people and organizations they name read once for all."""
    people = {i for c in claims for i in (c.assignee_id, c.created_by_id, c.decided_by_id)}
    names = _names(session, people)
    if organizations is None:
        ids = {c.organization_id for c in claims if c.organization_id}
        query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
        found = dict(session.exec(query).all()) if ids else {}
        organizations = [found.get(c.organization_id) for c in claims]
    pages = excerpt_pages(session, claims)
    return [
        claim_json(session, c, o, names, p)
        for c, o, p in zip(claims, organizations, pages, strict=True)
    ]


def _person(user_id: int | None, names: dict) -> dict | None:
    if user_id is None:
        return None
    return {"id": user_id, "name": names.get(user_id, "?")}


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
    }


def comment_json(comment: Comment, names: dict) -> dict:
    return {
        "id": comment.id,
        "body": comment.body,
        "author": _person(comment.author_id, names),
        "created_at": isoformat_utc(comment.created_at),
    }


def claim_detail_json(session: Session, claim: Claim, viewer: User) -> dict:
    citations = session.exec(
        select(Citation).where(Citation.claim_id == claim.id).order_by(Citation.id)
    ).all()
    comments = session.exec(
        select(Comment).where(Comment.claim_id == claim.id).order_by(Comment.id)
    ).all()
    names = _names(
        session,
        {claim.assignee_id, claim.created_by_id, claim.decided_by_id}
        | {c.added_by_id for c in citations}
        | {c.author_id for c in comments},
    )
    data = claim_json(session, claim, names=names)
    data["citations"] = [citation_json(c, names) for c in citations]
    data["comments"] = [comment_json(c, names) for c in comments]
    data["history"] = [entry.to_dict() for entry in claim_history(session, claim.id)]
    data["allowed_transitions"] = [
        {"to": m.target.value, "label": m.label, "needs_note": m.needs_note}
        for m in allowed_moves(viewer, claim)
    ]
    return data
