"""Saved filters: a user's named claims-list queries, listed above the list's filters.

A saved filter is a name and the list's query string, normalised: only the list's own
parameters are kept (statuses, kinds, organization, source, assignee, dates, text, due,
sort, order, page size), in one order, blank values and the page cursor dropped, so a saved
filter opens the list at its first page. Each user sees, follows and deletes only their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from pydantic import Field
from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import SavedFilter, User
from factdb.services.accounts.permissions import require_active
from factdb.services.errors import NotFoundError, ValidationError
from factdb.services.inputs import Input, Text
from factdb.services.search.query import parse_claim_list
from factdb.services.sources.text import one_line

MAX_NAME = 80  # characters
MAX_QUERY = 2000  # characters of a query string, as stored
MAX_PER_USER = 50
# The claims list's parameters, in the order a saved query keeps them ("cursor" is not one).
FILTER_PARAMETERS = (
    "status",
    "kind",
    "organization",
    "source",
    "assignee",
    "from",
    "to",
    "q",
    "due",
    "sort",
    "order",
    "limit",
)


class SaveFilter(Input):
    """A filter to save: its name (1–80 characters) and the claims list's query string."""

    name: Text(MAX_NAME, "1–80 characters; saving a name again replaces its query")
    query: str = Field(
        default="", max_length=MAX_QUERY, description="The claims list's query string"
    )


@dataclass(frozen=True)
class SavedFilterView:
    id: int
    name: str
    query: str  # normalised query string, without "?"
    created_at: datetime


def normalise_query(session: Session, viewer: User, raw: str) -> str:
    """``raw`` (a query string, "?" optional) with only the claims list's parameters, in the
    order of ``FILTER_PARAMETERS``, blank values and the page cursor dropped.

    Rules: the result must be a query the list reads (``parse_claim_list``) and at most
    2,000 characters. Raises ValidationError naming the field.
    """
    pairs = parse_qsl((raw or "").strip().removeprefix("?"), keep_blank_values=False)
    kept: dict[str, list[str]] = {name: [] for name in FILTER_PARAMETERS}
    for name, value in pairs:
        if name in kept and value.strip():
            kept[name].append(value.strip())
    kept = {name: values for name, values in kept.items() if values}
    parse_claim_list(session, kept, viewer)
    query = urlencode([(name, value) for name, values in kept.items() for value in values])
    if len(query) > MAX_QUERY:
        raise ValidationError(
            f"These filters are too long to save (at most {MAX_QUERY:,} characters).",
            {"query": "too long"},
        )
    return query


def _name(raw: str) -> str:
    name = one_line(raw)
    if not 1 <= len(name) <= MAX_NAME:
        raise ValidationError(
            f"Name the filter in 1 to {MAX_NAME} characters.", {"name": "1–80 characters"}
        )
    return name


def _view(saved: SavedFilter) -> SavedFilterView:
    return SavedFilterView(saved.id, saved.name, saved.query, saved.created_at)


def save_filter(session: Session, viewer: User, data: SaveFilter) -> tuple[SavedFilterView, bool]:
    """Save ``data`` as one of ``viewer``'s filters; returns it and whether it replaced the
    query of a filter of the same name.

    Rules: the name is 1–80 characters (spaces collapsed); the query is normalised by
    ``normalise_query``; one name per user (saving it again replaces the query, keeping the
    filter's id); at most 50 filters per user. Raises ValidationError, InactiveUserError.
    """
    require_active(viewer)
    name = _name(data.name)
    query = normalise_query(session, viewer, data.query)
    saved = session.exec(
        select(SavedFilter).where(SavedFilter.user_id == viewer.id, SavedFilter.name == name)
    ).first()
    if saved is not None:
        saved.query = query
        session.flush()
        return _view(saved), True
    held = session.exec(
        select(func.count()).select_from(SavedFilter).where(SavedFilter.user_id == viewer.id)
    ).one()
    if held >= MAX_PER_USER:
        raise ValidationError(
            f"You have {MAX_PER_USER} saved filters, the most one can keep: delete one first "
            "or save under the name of one to replace it.",
            {"name": "too many saved filters"},
        )
    saved = SavedFilter(user_id=viewer.id, name=name, query=query)
    session.add(saved)
    session.flush()
    return _view(saved), False


def saved_filters(session: Session, viewer: User) -> list[SavedFilterView]:
    """``viewer``'s saved filters by name (case-insensitive); nobody sees anyone else's."""
    rows = session.exec(
        select(SavedFilter)
        .where(SavedFilter.user_id == viewer.id)
        .order_by(func.lower(SavedFilter.name), SavedFilter.id)
    ).all()
    return [_view(saved) for saved in rows]


def delete_saved_filter(session: Session, viewer: User, filter_id: int) -> str:
    """Delete ``viewer``'s saved filter ``filter_id``; returns its name.

    Rules: only its owner deletes it; to anyone else it does not exist.
    Raises NotFoundError, InactiveUserError.
    """
    require_active(viewer)
    saved = session.get(SavedFilter, filter_id)
    if saved is None or saved.user_id != viewer.id:
        raise NotFoundError("There is no such saved filter.")
    session.delete(saved)
    session.flush()
    return saved.name
