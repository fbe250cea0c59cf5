"""Fact-checks: other publishers' ClaimReviews kept as records, one per review URL, and
searched by the words of the claim, the claimant or the publisher."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sqlalchemy import func, or_
from sqlmodel import Session, select

from factdb.models import FactCheck, NormalizedRating, Role, User
from factdb.services.accounts.permissions import require_role
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.publishing.claimreview_in import FactCheckData, read_document
from factdb.services.sources.urls import url_identity
from factdb.timeutil import isoformat_utc, utcnow

PAGE_SIZE = 50
MAX_ID = 2**63
MAX_QUERY = 200
FIELDS = (
    "url",
    "claim_text",
    "claimant",
    "claim_date",
    "publisher_name",
    "publisher_site",
    "review_date",
    "textual_rating",
    "normalized_rating",
    "language",
)


@dataclass
class ImportResult:
    created: list[FactCheck] = field(default_factory=list)
    updated: list[FactCheck] = field(default_factory=list)

    @property
    def fact_checks(self) -> list[FactCheck]:
        return self.created + self.updated


def check_may_import(actor: User | None) -> None:
    """Rules: reviewers and editors may import fact-checks (PermissionDeniedError); actor
    None is the operator at the command line. Checked before anything is fetched."""
    if actor is not None:
        require_role(actor, Role.reviewer)


def import_fact_checks(
    session: Session,
    actor: User | None,
    documents: list[tuple[bytes | str, str | None]],
) -> ImportResult:
    """Store every ClaimReview in ``documents`` ((content, base URL) pairs) as fact-checks.

    Rules: reviewers and editors may import (actor None is the operator at the command
    line; PermissionDeniedError); every document holds ClaimReview, each with an http(s)
    URL and a claim (ValidationError, and nothing is stored); a review whose URL is already
    known (same page however spelled, see ``sources.urls.url_identity``) updates that fact-check.
    """
    check_may_import(actor)
    found: dict[str, FactCheckData] = {}
    for content, base_url in documents:
        for data in read_document(content, base_url):
            found[url_identity(data.url)] = data  # the last one in a document wins
    result = ImportResult()
    existing = {
        row.url_key: row
        for row in session.exec(select(FactCheck).where(FactCheck.url_key.in_(list(found))))
    }
    for key, data in found.items():
        row = existing.get(key)
        if row is None:
            row = FactCheck(url_key=key, imported_by_id=actor.id if actor else None, raw="")
            result.created.append(row)
        else:
            result.updated.append(row)
        _fill(row, data)
        session.add(row)
    session.flush()
    return result


def _fill(row: FactCheck, data: FactCheckData) -> None:
    for name in FIELDS:
        setattr(row, name, getattr(data, name))
    row.raw = json.dumps(data.raw, ensure_ascii=False, sort_keys=True, default=str)
    row.updated_at = utcnow()


def get_fact_check(session: Session, fact_check_id: int) -> FactCheck:
    """One fact-check (NotFoundError when there is none with this id)."""
    row = session.get(FactCheck, fact_check_id)
    if row is None:
        raise NotFoundError(f"No fact-check #{fact_check_id}.")
    return row


def search_fact_checks(
    session: Session,
    q: str | None = None,
    rating: str | None = None,
    before_id: int | None = None,
    limit: int = PAGE_SIZE,
) -> tuple[list[FactCheck], int | None]:
    """Fact-checks whose claim, claimant or publisher holds every word of ``q``
    (case-insensitive), of normalized ``rating``, newest import first; returns the page and
    the id to pass as ``before_id`` for the next one (None at the end).

    Rules: the rating is true, false, mixed or other and ``before_id`` a database id
    (ValidationError); ``q`` is cut to 200 characters and 10 words.
    """
    query = select(FactCheck)
    if rating:
        if rating not in NormalizedRating.__members__:
            raise ValidationError(
                "rating is one of true, false, mixed, other.", {"rating": "unknown"}
            )
        query = query.where(FactCheck.normalized_rating == rating)
    words = (q or "").replace("\x00", "")[:MAX_QUERY].casefold().split()[:10]
    for word in words:
        query = query.where(
            or_(
                *(
                    func.lower(column).contains(word, autoescape=True)
                    for column in (
                        FactCheck.claim_text,
                        FactCheck.claimant,
                        FactCheck.publisher_name,
                    )
                )
            )
        )
    if before_id is not None:
        if not 0 < before_id < MAX_ID:
            raise ValidationError("The page to continue from is not valid.", {"before": "bad"})
        query = query.where(FactCheck.id < before_id)
    rows = list(session.exec(query.order_by(FactCheck.id.desc()).limit(limit + 1)))
    return rows[:limit], (rows[limit - 1].id if len(rows) > limit else None)


def fact_check_json(row: FactCheck) -> dict:
    """A fact-check as the API and CLI show it (the raw document left out)."""
    data = {name: getattr(row, name) for name in FIELDS}
    for name in ("claim_date", "review_date"):
        data[name] = data[name].isoformat() if data[name] else None
    return {
        "id": row.id,
        **data,
        "created_at": isoformat_utc(row.created_at),
        "updated_at": isoformat_utc(row.updated_at),
    }
