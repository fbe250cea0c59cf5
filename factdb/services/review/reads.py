"""Page-sized reads of the review side: one function per page, returning a dataclass that the
web page and the API both render (neither queries on its own)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, select

from factdb.db import direct_rows
from factdb.models import (
    Citation,
    Claim,
    Comment,
    Organization,
    Source,
    SourceRetrieval,
    User,
)
from factdb.models.base import from_row
from factdb.services.accounts.directory import people_names
from factdb.services.errors import NotFoundError
from factdb.services.review.claims import may_edit
from factdb.services.review.history import HistoryEntry, claim_history
from factdb.services.review.values import format_value
from factdb.services.review.workflow import BlockedMove, Move, review_moves
from factdb.services.sources.documents import get_source, source_retrieval
from factdb.services.sources.excerpts import CONTEXT_REACH, context_window
from factdb.services.sources.pages import excerpt_pages, page_of
from factdb.services.sources.revision_pages import has_revision_flags


@dataclass(frozen=True)
class SourceHeading:
    """What the claim page shows of a claim's source: its heading, not its text."""

    id: int
    title: str
    publisher: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True)
class OrganizationName:
    id: int
    name: str


@dataclass(frozen=True)
class ClaimPage:
    """A claim as its reader sees it: evidence, discussion, history and what the viewer may do.

    Citations and comments are rows with the columns of their tables (attribute access).
    ``claim`` is built from its row and belongs to no session: a page to read, not an object
    to change (services that change a claim load it themselves)."""

    claim: Claim
    source: SourceHeading
    organization: OrganizationName | None
    value_text: str
    context: tuple[str, str, str]
    citations: list
    comments: list
    history: list[HistoryEntry]
    moves: list[Move]
    may_edit: bool
    names: dict[int, str]  # display names of everyone the page mentions
    page: int | None = None  # the PDF page the excerpt starts on
    # Moves the viewer's role allows but four eyes or the assignment refuses, with the reason.
    blocked: list[BlockedMove] = field(default_factory=list)
    # An open revision flag: its quote changed or is gone in a later revision of its source.
    revision_flagged: bool = False

    def name(self, user_id: int | None) -> str | None:
        """The display name of a user the page mentions (None for no user)."""
        return None if user_id is None else self.names.get(user_id, "?")


@cache
def _claim_statement():
    """The claim ``:claim_id`` (its columns), its source's heading and the part of its text
    around the excerpt, its organization and the names of its assignee, creator and decider.
    Statements are built once: building one costs more than running it."""
    users = User.__table__
    assignee, creator, decider = users.alias(), users.alias(), users.alias()
    reach = CONTEXT_REACH
    first = case((Claim.excerpt_start > reach, Claim.excerpt_start - reach), else_=0)
    return (
        sa_select(
            *Claim.__table__.columns,
            Source.title,
            Source.publisher,
            Source.url,
            Source.published,
            Source.page_map,
            first,
            func.substr(Source.text, first + 1, Claim.excerpt_end + reach - first),
            Organization.name,
            assignee.c.display_name,
            creator.c.display_name,
            decider.c.display_name,
            has_revision_flags(Claim.id),
        )
        .join(Source, Source.id == Claim.source_id)
        .outerjoin(Organization, Organization.id == Claim.organization_id)
        .outerjoin(assignee, assignee.c.id == Claim.assignee_id)
        .outerjoin(creator, creator.c.id == Claim.created_by_id)
        .outerjoin(decider, decider.c.id == Claim.decided_by_id)
        .where(Claim.id == bindparam("claim_id"))
    )


@cache
def _claim_columns() -> tuple[str, ...]:
    return tuple(column.key for column in Claim.__table__.columns)


@cache
def _evidence_statement(table, person_column: str):
    """A claim's citations or comments in the order they were added, each with the display
    names of who added it and of who withdrew it."""
    people = User.__table__.alias("person")
    withdrawer = User.__table__.alias("withdrawer")
    return (
        sa_select(
            table,
            people.c.display_name.label("person_name"),
            withdrawer.c.display_name.label("withdrawer_name"),
        )
        .outerjoin(people, people.c.id == table.c[person_column])
        .outerjoin(withdrawer, withdrawer.c.id == table.c.withdrawn_by_id)
        .where(table.c.claim_id == bindparam("claim_id"))
        .order_by(table.c.id)
    )


def claim_page(session: Session, claim_id: int, viewer: User) -> ClaimPage:
    """Everything the claim page and ``GET /api/v1/claims/<id>`` show, for ``viewer``.

    Four statements, each by an index: the claim with its source's heading, the text around
    its excerpt (not the whole source), its organization and people's names and whether it
    has open revision flags (``revision_flagged``); its citations
    and its comments with who added them; its history (a fifth when a move needs four eyes:
    who wrote the content). Rules: the allowed moves and ``may_edit`` are the workflow's and
    the editing rules' answer for ``viewer`` (role, party, four eyes, frozen claims); the
    blocked moves say why a move the viewer's role allows is refused here.
    Raises NotFoundError.
    """
    wanted = {"claim_id": claim_id}
    found = direct_rows(session, _claim_statement(), wanted)
    if not found:
        raise NotFoundError(f"No claim #{claim_id}.")
    columns = _claim_columns()
    row = found[0]
    # Built from the row as it was read (not loaded into the session): the page only reads it.
    claim = from_row(Claim, dict(zip(columns, row, strict=False)))
    title, publisher, url, published, page_map, first, text, organization, *people = row[
        len(columns) :
    ]
    *people, flagged = people
    names = {
        user_id: name
        for user_id, name in zip(
            (claim.assignee_id, claim.created_by_id, claim.decided_by_id), people, strict=True
        )
        if user_id is not None and name is not None
    }
    citations = direct_rows(session, _evidence_statement(Citation.__table__, "added_by_id"), wanted)
    comments = direct_rows(session, _evidence_statement(Comment.__table__, "author_id"), wanted)
    for rows, person in ((citations, "added_by_id"), (comments, "author_id")):
        for row in rows:
            names[getattr(row, person)] = row.person_name
            if row.withdrawn_by_id is not None:
                names[row.withdrawn_by_id] = row.withdrawer_name
    moves, blocked = review_moves(viewer, claim, session)
    return ClaimPage(
        claim=claim,
        source=SourceHeading(claim.source_id, title, publisher, url, published),
        organization=(
            OrganizationName(claim.organization_id, organization)
            if organization is not None
            else None
        ),
        value_text=format_value(claim),
        context=context_window(text, claim.excerpt, offset=first),
        citations=citations,
        comments=comments,
        history=claim_history(session, claim.id),
        moves=moves,
        blocked=blocked,
        may_edit=may_edit(viewer, claim),
        names=names,
        page=page_of(page_map, claim.excerpt_start),
        revision_flagged=bool(flagged),
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
