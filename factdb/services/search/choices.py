"""The choices filter forms offer: sources, organizations, reviewers, statuses, sorts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session, select

from factdb.models import ClaimKind, ClaimStatus, Organization, Source
from factdb.services.accounts.directory import active_reviewers
from factdb.services.search.listing import CLAIM_SORTS

RECENT_SOURCES = 200


@dataclass(frozen=True)
class ClaimListChoices:
    statuses: list[ClaimStatus]
    kinds: list[ClaimKind]
    sources: list[tuple[int, str]]  # (id, title), newest first
    reviewers: list[tuple[int, str]]  # (id, display name) of active reviewers and editors
    sorts: list[str]
    organization_name: str  # what the organization filter shows


def organization_label(session: Session, raw: str | None) -> str:
    """What an organization filter shows: the name when it was given by id, else as typed."""
    raw = (raw or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        organization = session.get(Organization, int(raw))
        if organization is not None:
            return organization.name
    return raw


def claim_list_choices(session: Session, args: Mapping) -> ClaimListChoices:
    """The claims list's filter choices (the 200 newest sources; active reviewers)."""
    sources = session.exec(
        select(Source.id, Source.title).order_by(Source.created_at.desc()).limit(RECENT_SOURCES)
    ).all()
    return ClaimListChoices(
        statuses=list(ClaimStatus),
        kinds=list(ClaimKind),
        sources=[(i, title) for i, title in sources],
        reviewers=[(user.id, user.display_name) for user in active_reviewers(session)],
        sorts=list(CLAIM_SORTS),
        organization_name=organization_label(session, args.get("organization")),
    )


@dataclass(frozen=True)
class ExportChoices:
    sources: list[tuple[int, str]]  # (id, title) by title
    organizations: list[tuple[int, str]]  # (id, name) by name


def export_choices(session: Session) -> ExportChoices:
    """Every source and organization, by title and name, for the export page's filters."""
    sources = session.exec(select(Source.id, Source.title).order_by(Source.title)).all()
    organizations = session.exec(
        select(Organization.id, Organization.name).order_by(Organization.name)
    ).all()
    return ExportChoices([tuple(r) for r in sources], [tuple(r) for r in organizations])
