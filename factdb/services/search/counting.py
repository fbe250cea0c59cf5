"""How many claims a list holds, cheaply: "1,204 claims", or "more than 10,000".

A count of filtered claims reads every matching row; past ``COUNT_CAP`` nobody needs the exact
figure, so the count stops there. A list filtered by status alone is answered from
``claim_status_count`` (kept by database triggers) without reading claims at all.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from sqlalchemy import func
from sqlmodel import Session, select

from factdb.models import Claim
from factdb.models.claims import ClaimStatusCount
from factdb.services.search.listing import ClaimFilters, claim_conditions

COUNT_CAP = 10_000


@dataclass(frozen=True)
class ClaimCount:
    n: int  # the count, at most ``cap``
    more: bool  # True: there are more than ``n``

    def words(self) -> str:
        """ "1 claim", "1,204 claims", "more than 10,000 claims"."""
        if self.more:
            return f"more than {self.n:,} claims"
        return f"{self.n:,} claim" + ("" if self.n == 1 else "s")


def _status_only(filters: ClaimFilters) -> bool:
    empty = ClaimFilters()
    return all(
        getattr(filters, f.name) == getattr(empty, f.name)
        for f in fields(ClaimFilters)
        if f.name != "statuses"
    )


def count_claims(
    session: Session, filters: ClaimFilters | None = None, *, cap: int = COUNT_CAP
) -> ClaimCount:
    """How many claims match ``filters``, counted up to ``cap`` (``more`` says there are more).

    Rules: the filters are validated as ``list_claims`` validates them (ValidationError);
    status-only filters (or none) are read from the kept status counts, exact at any size;
    any other filter counts at most ``cap + 1`` matching rows.
    """
    filters = replace(filters or ClaimFilters()).validate()
    if _status_only(filters):
        query = select(func.coalesce(func.sum(ClaimStatusCount.n), 0))
        if filters.statuses:
            query = query.where(ClaimStatusCount.status.in_(filters.statuses))
        return ClaimCount(int(session.exec(query).one()), False)
    matching = select(Claim.id).where(*claim_conditions(filters, session)).limit(cap + 1)
    n = session.exec(select(func.count()).select_from(matching.subquery())).one()
    return ClaimCount(min(n, cap), n > cap)
