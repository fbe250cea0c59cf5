"""Page-sized reads of the review side: one function per page, returning a dataclass that the
web page and the API both render (neither queries on its own)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from factdb.models import (
    Citation,
    Claim,
    Comment,
    Organization,
    OrganizationAlias,
    Source,
    SourceRetrieval,
    User,
)
from factdb.services.accounts.directory import people_names
from factdb.services.errors import NotFoundError
from factdb.services.review.claims import get_claim, may_edit
from factdb.services.review.history import HistoryEntry, claim_history
from factdb.services.review.values import format_value
from factdb.services.review.workflow import Move, allowed_moves
from factdb.services.search.listing import ClaimFilters, Page, list_claims
from factdb.services.sources.documents import get_source, source_retrieval
from factdb.services.sources.excerpts import context_window
from factdb.services.sources.pages import excerpt_pages, page_of


@dataclass(frozen=True)
class ClaimPage:
    """A claim as its reader sees it: evidence, discussion, history and what the viewer may do."""

    claim: Claim
    source: Source
    organization: Organization | None
    value_text: str
    context: tuple[str, str, str]
    citations: list[Citation]
    comments: list[Comment]
    history: list[HistoryEntry]
    moves: list[Move]
    may_edit: bool
    names: dict[int, str]  # display names of everyone the page mentions
    page: int | None = None  # the PDF page the excerpt starts on

    def name(self, user_id: int | None) -> str | None:
        """The display name of a user the page mentions (None for no user)."""
        return None if user_id is None else self.names.get(user_id, "?")


def claim_page(session: Session, claim_id: int, viewer: User) -> ClaimPage:
    """Everything the claim page and ``GET /api/v1/claims/<id>`` show, for ``viewer``.

    Rules: the allowed moves and ``may_edit`` are the workflow's and the editing rules' answer
    for ``viewer`` (role, party, four eyes, frozen claims). Raises NotFoundError.
    """
    claim = get_claim(session, claim_id)
    source = get_source(session, claim.source_id)
    organization = (
        session.get(Organization, claim.organization_id) if claim.organization_id else None
    )
    citations = list(
        session.exec(
            select(Citation).where(Citation.claim_id == claim.id).order_by(Citation.id)
        ).all()
    )
    comments = list(
        session.exec(select(Comment).where(Comment.claim_id == claim.id).order_by(Comment.id))
    )
    history = claim_history(session, claim.id)
    names = people_names(
        session,
        [claim.assignee_id, claim.created_by_id, claim.decided_by_id]
        + [i for c in citations for i in (c.added_by_id, c.withdrawn_by_id)]
        + [i for c in comments for i in (c.author_id, c.withdrawn_by_id)],
    )
    return ClaimPage(
        claim=claim,
        source=source,
        organization=organization,
        value_text=format_value(claim),
        context=context_window(source.text, claim.excerpt),
        citations=citations,
        comments=comments,
        history=history,
        moves=allowed_moves(viewer, claim),
        may_edit=may_edit(viewer, claim),
        names=names,
        page=page_of(source.page_map, claim.excerpt_start),
    )


@dataclass(frozen=True)
class ClaimRows:
    """Claims with the organization names and people names a listing of them shows."""

    claims: list[Claim]
    organizations: list[str | None]
    names: dict[int, str]
    pages: list[int | None]  # the PDF page each excerpt starts on


def claim_rows(
    session: Session, claims: list[Claim], organizations: list[str | None] | None = None
) -> ClaimRows:
    """The names a list of claims mentions, read once for all of them (``organizations``, when
    given, are the claims' organization names already read with them)."""
    if organizations is None:
        ids = {c.organization_id for c in claims if c.organization_id}
        query = select(Organization.id, Organization.name).where(Organization.id.in_(ids))
        found = dict(session.exec(query).all()) if ids else {}
        organizations = [found.get(c.organization_id) for c in claims]
    names = people_names(
        session, [i for c in claims for i in (c.assignee_id, c.created_by_id, c.decided_by_id)]
    )
    return ClaimRows(list(claims), list(organizations), names, excerpt_pages(session, claims))


def claim_organization_name(session: Session, claim: Claim) -> str:
    """The name of the organization a claim is attributed to ("" for none)."""
    if claim.organization_id is None:
        return ""
    organization = session.get(Organization, claim.organization_id)
    return organization.name if organization else ""


@dataclass(frozen=True)
class SourceClaims:
    """A source and the claims marked in it, in text order."""

    source: Source
    claims: list[Claim]
    retrieval: SourceRetrieval | None  # how a fetched source was obtained


def source_claims(session: Session, source_id: int) -> SourceClaims:
    """A source with its claims ordered by position in the text, and its retrieval record
    (the reader, the API's source detail). Raises NotFoundError."""
    source = get_source(session, source_id)
    claims = session.exec(
        select(Claim).where(Claim.source_id == source.id).order_by(Claim.excerpt_start, Claim.id)
    ).all()
    return SourceClaims(source, list(claims), source_retrieval(session, source.id))


@dataclass(frozen=True)
class OrganizationPage:
    organization: Organization
    aliases: list[str]
    claims: Page


def organization_page(
    session: Session, organization_id: int, *, limit: int = 100
) -> OrganizationPage:
    """An organization, its aliases and the claims attributed to it, most recently updated
    first (at most ``limit``). Raises NotFoundError."""
    organization = session.get(Organization, organization_id)
    if organization is None:
        raise NotFoundError(f"No organization #{organization_id}.")
    aliases = session.exec(
        select(OrganizationAlias.alias)
        .where(OrganizationAlias.organization_id == organization.id)
        .order_by(OrganizationAlias.alias)
    ).all()
    page = list_claims(session, ClaimFilters(organization_id=organization.id), limit=limit)
    return OrganizationPage(organization, list(aliases), page)
