"""What the public pages read: published verdicts only, with nothing internal.

A public record holds the claim, its excerpt in context, its source, verdict, rating, note,
citations and corrections history, and its ClaimReview. Comments, drafts, reviewers' names
and e-mail addresses are never read here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import Claim, ClaimStatus, Organization, Publication, Source, Transition
from factdb.models.claims import VERDICTS
from factdb.services.errors import GoneError, NotFoundError, ValidationError
from factdb.services.publishing.claimreview import claim_review, data_feed, slugify
from factdb.services.reports.model import records_where
from factdb.services.sources.excerpts import context_window
from factdb.timeutil import isoformat_utc

PAGE_SIZE = 50
MAX_QUERY = 200
VERDICT_VALUES = [s.value for s in ClaimStatus if s in VERDICTS]


@dataclass
class PublicClaim:
    record: dict  # the report record, reviewers' names removed
    context: tuple[str, str, str]
    slug: str
    published_at: datetime
    corrections: list[dict]
    review: dict | None


@dataclass
class PublicFilters:
    q: str | None = None
    verdict: str | None = None
    rating: str | None = None
    organization: str | None = None
    before_id: int | None = None  # the page after the one that ended with this id

    def checked(self) -> PublicFilters:
        """Rules: the verdict is a verdict status and ``before_id`` a database id
        (ValidationError); texts are cut to 200 characters."""
        if self.verdict and self.verdict not in VERDICT_VALUES:
            raise ValidationError(f"Unknown verdict {self.verdict[:50]!r}.", {"verdict": "unknown"})
        if self.before_id is not None and not 0 < self.before_id < 2**63:
            raise ValidationError("The page to continue from is not valid.", {"before": "bad"})
        for name in ("q", "rating", "organization"):
            value = (getattr(self, name) or "").replace("\x00", "").strip()[:MAX_QUERY]
            setattr(self, name, value or None)
        return self


@dataclass
class PublicPage:
    items: list[dict] = field(default_factory=list)
    next_before: int | None = None


def public_claim(session: Session, claim_id: int, publisher: dict) -> PublicClaim:
    """A published claim as its public page shows it.

    Rules: only a published verdict is shown (NotFoundError otherwise); one whose
    publication was withdrawn or taken back answers GoneError (410).
    """
    claim = session.get(Claim, claim_id)
    if claim is None or claim.published_at is None:
        if claim is not None and _was_published(session, claim_id):
            raise GoneError("This fact-check was taken off while its verdict is reviewed.")
        raise NotFoundError(f"No published fact-check #{claim_id}.")
    record = next(records_where(session, [Claim.id == claim_id], [claim.status]))
    record = _without_people(record)
    source = session.get(Source, claim.source_id)
    return PublicClaim(
        record=record,
        context=context_window(source.text, claim.excerpt),
        slug=slugify(claim.text),
        published_at=claim.published_at,
        corrections=corrections(session, claim_id),
        review=claim_review(record, publisher),
    )


def _was_published(session: Session, claim_id: int) -> bool:
    return (
        session.exec(select(Publication.id).where(Publication.claim_id == claim_id)).first()
        is not None
    )


def _without_people(record: dict) -> dict:
    """The record without reviewers' names (the desk signs public verdicts) and without the
    desk's internal conflicts (other claims' ids, which may be unpublished, and dismissal
    notes)."""
    verdict = record["verdict"] and {k: v for k, v in record["verdict"].items() if k != "by"}
    return {**record, "verdict": verdict, "history": [], "conflicts": []}


def corrections(session: Session, claim_id: int) -> list[dict]:
    """The public story of a claim's verdicts, oldest first: each verdict given (status,
    rating, note), each reopening (with its reason), each publication and withdrawal."""
    rows = session.exec(
        select(Transition).where(Transition.claim_id == claim_id).order_by(Transition.id)
    ).all()
    story = []
    for row in rows:
        if ClaimStatus(row.to_status) in VERDICTS:
            event = "verdict"
        elif ClaimStatus(row.from_status) in VERDICTS:
            event = "reopened"
        else:
            continue
        story.append(
            {
                "at": row.created_at,
                "event": event,
                "status": row.to_status,
                "rating": row.rating_label,
                "note": row.note,
            }
        )
    decisions = session.exec(
        select(Publication).where(Publication.claim_id == claim_id).order_by(Publication.id)
    ).all()
    story += [{"at": row.created_at, "event": row.action} for row in decisions]
    story.sort(key=lambda entry: entry["at"])
    return story


def public_index(session: Session, filters: PublicFilters) -> PublicPage:
    """Published verdicts, newest claim first, PAGE_SIZE at a time, with search (words of
    the claim, case-insensitive) and filters on verdict, rating label and organization.

    Rules: see ``PublicFilters.checked`` (ValidationError for an unknown verdict).
    """
    filters = filters.checked()
    query = (
        select(Claim, Source.title, Organization.name)
        .join(Source, Source.id == Claim.source_id)
        .join(Organization, Organization.id == Claim.organization_id, isouter=True)
        .where(Claim.published_at.is_not(None))
    )
    if filters.q:
        for word in filters.q.casefold().split()[:10]:
            query = query.where(func.lower(Claim.text).contains(word, autoescape=True))
    if filters.verdict:
        query = query.where(Claim.status == filters.verdict)
    if filters.rating:
        query = query.where(func.lower(Claim.rating_label) == filters.rating.casefold())
    if filters.organization:
        query = query.where(func.lower(Organization.name) == filters.organization.casefold())
    if filters.before_id is not None:
        query = query.where(Claim.id < filters.before_id)
    rows = session.exec(query.order_by(Claim.id.desc()).limit(PAGE_SIZE + 1)).all()
    items = [
        {
            "id": claim.id,
            "slug": slugify(claim.text),
            "text": claim.text,
            "status": claim.status,
            "rating": claim.rating_label,
            "organization": organization,
            "source_title": title,
            "decided_at": claim.decided_at,
        }
        for claim, title, organization in rows[:PAGE_SIZE]
    ]
    more = len(rows) > PAGE_SIZE
    return PublicPage(items, items[-1]["id"] if more and items else None)


def published_reviews(session: Session, publisher: dict) -> list[dict]:
    """The ClaimReview of every published verdict, in report order."""
    records = records_where(session, [Claim.published_at.is_not(None)], VERDICT_VALUES)
    return [r for r in (claim_review(rec, publisher) for rec in records) if r is not None]


def claimreview_feed(session: Session, publisher: dict, feed_url: str, now: datetime) -> dict:
    """The data feed of every published verdict's ClaimReview (schema.org DataFeed)."""
    return data_feed(published_reviews(session, publisher), publisher, feed_url, isoformat_utc(now))
