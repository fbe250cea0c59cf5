"""Pages of PDF sources: which page an excerpt lies on, read from the source's page map."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import Session, select

from factdb.models import Source


def page_of(page_map: list[dict] | None, offset: int) -> int | None:
    """The number of the page holding ``offset`` (None without a page map)."""
    if not page_map:
        return None
    for entry in page_map:
        if entry["start"] <= offset < entry["end"]:
            return entry["page"]
    return None


def page_maps(session: Session, source_ids: Iterable[int]) -> dict[int, list[dict] | None]:
    """The page map of each source (None for sources that are not PDFs), read in one query."""
    ids = {i for i in source_ids if i is not None}
    if not ids:
        return {}
    return dict(session.exec(_page_maps_of(), params={"ids": list(ids)}).all())


@cache
def _page_maps_of():
    """The page maps of the sources ``:ids`` (a list), built once: every list page asks."""
    return select(Source.id, Source.page_map).where(Source.id.in_(bindparam("ids", expanding=True)))


def excerpt_pages(session: Session, claims: Iterable[Any]) -> list[int | None]:
    """For each claim (anything with ``source_id`` and ``excerpt_start``), the page its
    excerpt starts on, or None when its source has no page map."""
    claims = list(claims)
    maps = page_maps(session, (c.source_id for c in claims))
    return [page_of(maps.get(c.source_id), c.excerpt_start) for c in claims]


def excerpt_page(session: Session, claim: Any) -> int | None:
    """The page a claim's excerpt starts on (None unless its source is a PDF)."""
    return excerpt_pages(session, [claim])[0]
