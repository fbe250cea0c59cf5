"""The choices filter forms offer: reviewers, statuses, kinds, sorts, what the organization and
source filters show, and the suggestions those two inputs fetch as the user types."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import ClaimKind, ClaimStatus, Organization, Source
from factdb.services.accounts.directory import active_reviewers
from factdb.services.search.folding import search_fold
from factdb.services.search.fulltext import parse_query, source_text_condition
from factdb.services.search.listing import CLAIM_SORTS

SOURCE_SUGGESTIONS = 10
MAX_SUGGEST_QUERY = 100  # characters of what was typed
# URLs whose text matches a host query, read newest first, before their hosts are compared.
HOST_CANDIDATES = 50


@dataclass(frozen=True)
class ClaimListChoices:
    statuses: list[ClaimStatus]
    kinds: list[ClaimKind]
    reviewers: list[tuple[int, str]]  # (id, display name) of active reviewers and editors
    sorts: list[str]
    organization_name: str  # what the organization filter shows
    source_title: str  # what the source filter shows


def _id(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def organization_label(session: Session, raw: str | None) -> str:
    """What an organization filter shows: the name when it was given by id, else as typed."""
    key = _id(raw)
    organization = session.get(Organization, key) if key else None
    return organization.name if organization is not None else (raw or "").strip()


def source_label(session: Session, raw: str | None) -> str:
    """What a source filter shows: the title of the source ``raw`` names by id ("" when none
    does)."""
    key = _id(raw)
    source = session.get(Source, key) if key else None
    return (source.title or f"Source {source.id}") if source is not None else ""


def claim_list_choices(session: Session, args: Mapping) -> ClaimListChoices:
    """The claims list's filter choices: active reviewers, and the labels of the organization
    and source the query string names (sources are found by ``suggest_sources``, not listed)."""
    return ClaimListChoices(
        statuses=list(ClaimStatus),
        kinds=list(ClaimKind),
        reviewers=[(user.id, user.display_name) for user in active_reviewers(session)],
        sorts=list(CLAIM_SORTS),
        organization_name=organization_label(session, args.get("organization")),
        source_title=source_label(session, args.get("source")),
    )


def _host(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def _host_matches(session: Session, typed: str) -> list[Source]:
    """Sources whose URL host contains ``typed`` (one word of host characters)."""
    if not typed or not all(c.isalnum() or c in ".-" for c in typed):
        return []
    candidates = session.exec(
        select(Source)
        .where(func.lower(Source.url).like(f"%{typed}%"))
        .order_by(Source.created_at.desc(), Source.id.desc())
        .limit(HOST_CANDIDATES)
    ).all()
    return [source for source in candidates if typed in _host(source.url).lower()]


def suggest_sources(session: Session, q: str | None) -> list[dict]:
    """Autocomplete: at most 10 ``{"id", "title", "publisher", "host"}`` of the sources whose
    title or publisher has every word of ``q`` (the last words as prefixes of three letters or
    more), or whose URL host contains it; newest first, over every source.

    Rules: words are folded as search folds them (case, accents, compatibility forms: see
    ``folding``), through the source search index; ``q`` is cut to 100 characters; a blank
    ``q`` suggests nothing.
    """
    typed = " ".join((q or "").split())[:MAX_SUGGEST_QUERY]
    if not typed:
        return []
    query = parse_query(" ".join(chunk + "*" for chunk in typed.split()))
    found: dict[int, Source] = {}
    if query:
        for source in session.exec(
            select(Source)
            .where(source_text_condition(session, query))
            .order_by(Source.created_at.desc(), Source.id.desc())
            .limit(SOURCE_SUGGESTIONS)
        ).all():
            found[source.id] = source
    for source in _host_matches(session, search_fold(typed)):
        found.setdefault(source.id, source)
    ordered = sorted(found.values(), key=lambda s: (s.created_at, s.id), reverse=True)
    return [
        {
            "id": source.id,
            "title": source.title or f"Source {source.id}",
            "publisher": source.publisher,
            "host": _host(source.url) or None,
        }
        for source in ordered[:SOURCE_SUGGESTIONS]
    ]
