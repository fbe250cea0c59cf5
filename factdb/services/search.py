"""Text search over claims and sources.

Matches every word of the query, case-insensitively, in the claim text, the excerpt, the
organization's name and the source's title.
"""

from __future__ import annotations

from sqlalchemy import and_, func, or_, select

from factdb.models import Claim, Organization, OrganizationAlias, Source


def _words(query: str) -> list[str]:
    return [w for w in query.replace('"', " ").split() if w][:10]


def _like(word: str) -> str:
    escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def claim_text_condition(query: str):
    """A condition true for claims whose text, excerpt, organization or source match."""
    per_word = []
    for word in _words(query):
        pattern = _like(word)
        org_match = (
            select(Organization.id)
            .where(func.lower(Organization.name).like(pattern, escape="\\"))
            .union(
                select(OrganizationAlias.organization_id).where(
                    func.lower(OrganizationAlias.alias).like(pattern, escape="\\")
                )
            )
        )
        source_match = select(Source.id).where(func.lower(Source.title).like(pattern, escape="\\"))
        per_word.append(
            or_(
                func.lower(Claim.text).like(pattern, escape="\\"),
                func.lower(Claim.excerpt_exact).like(pattern, escape="\\"),
                Claim.organization_id.in_(org_match),
                Claim.source_id.in_(source_match),
            )
        )
    return and_(*per_word) if per_word else and_(True)


def source_text_condition(query: str):
    """A condition true for sources whose title or publisher contain every word."""
    return and_(
        *[
            or_(
                func.lower(Source.title).like(_like(word), escape="\\"),
                func.lower(func.coalesce(Source.publisher, "")).like(_like(word), escape="\\"),
            )
            for word in _words(query)
        ]
    )
