"""An organization over time: its claims in date order and its open conflicts, the
organization page and ``GET /api/v1/organizations/<id>``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from factdb.models import Claim, Organization, OrganizationAlias, Source
from factdb.services.review.values import format_value
from factdb.services.tracking.conflicts import ConflictView, list_conflicts
from factdb.services.tracking.organizations import get_organization, organization_aliases_of

TIMELINE_CLAIMS = 200  # the organization's most recently created claims on its timeline
TIMELINE_CONFLICTS = 50  # its newest open conflicts


@dataclass(frozen=True)
class TimelineEntry:
    claim: Claim
    when: date
    dated_by: str  # "as of", "said on", "source published" or "recorded"
    value_text: str
    source_id: int
    source_title: str


@dataclass(frozen=True)
class OrganizationTimeline:
    organization: Organization
    aliases: list[OrganizationAlias]
    entries: list[TimelineEntry]  # oldest first
    conflicts: list[ConflictView]  # open ones, newest first
    more: bool  # older claims were left out (TIMELINE_CLAIMS)


def _dated(claim: Claim, published: date | None) -> tuple[date, str]:
    """The date a claim's value holds for: as of, else said on, else its source's date,
    else the day it was recorded."""
    for when, label in ((claim.as_of, "as of"), (claim.said_on, "said on")):
        if when is not None:
            return when, label
    if published is not None:
        return published, "source published"
    return claim.created_at.date(), "recorded"


def organization_timeline(
    session: Session, organization_id: int, limit: int = TIMELINE_CLAIMS
) -> OrganizationTimeline:
    """An organization with its aliases (alphabetically), its claims as a timeline and its
    open conflicts (``list_conflicts`` filtered by the organization).

    Rules: the timeline holds the ``limit`` (1..500) most recently created claims, every
    status, ordered by date (see ``_dated``), then by claim number; ``more`` says whether
    older claims were left out. Errors: NotFoundError.
    """
    organization = get_organization(session, organization_id)
    limit = max(1, min(limit, 500))
    rows = session.exec(
        select(Claim, Source.title, Source.published)
        .join(Source, Source.id == Claim.source_id)
        .where(Claim.organization_id == organization.id)
        .order_by(Claim.id.desc())
        .limit(limit + 1)
    ).all()
    entries = []
    for claim, title, published in rows[:limit]:
        when, dated_by = _dated(claim, published)
        entries.append(
            TimelineEntry(claim, when, dated_by, format_value(claim), claim.source_id, title)
        )
    entries.sort(key=lambda e: (e.when, e.claim.id))
    conflicts = list_conflicts(session, organization_id=organization.id, limit=TIMELINE_CONFLICTS)
    aliases = organization_aliases_of(session, organization.id)
    return OrganizationTimeline(organization, aliases, entries, conflicts.items, len(rows) > limit)
