"""Query strings of the claims list, parsed once for the web list and ``GET /api/v1/claims``.

Both get the same ``ClaimListQuery`` or the same ``ValidationError`` naming the field; the web
page shows it above the list, the API answers 422 with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from factdb.models import ClaimKind, ClaimStatus, User
from factdb.services.bounds import whole_number
from factdb.services.errors import ValidationError
from factdb.services.review.organizations import organization_filter_id
from factdb.services.search.listing import CLAIM_SORTS, MAX_PAGE, ClaimFilters

DEFAULT_LIMIT = 50
ORDERS = ("desc", "asc")
ASSIGNEE_WORDS = ("me", "none")
MAX_TEXT = 200  # characters of a search or an organization name


@dataclass(frozen=True)
class ClaimListQuery:
    filters: ClaimFilters
    sort: str | None  # None: relevance when searching, else updated
    descending: bool
    cursor: str | None
    limit: int


def arg_values(args: Mapping, name: str) -> list[str]:
    """Every non-blank value of ``name`` in a multi-valued mapping (a request's ``args``, or
    a plain dict of strings or lists of strings)."""
    getlist = getattr(args, "getlist", None)
    raw = getlist(name) if getlist else args.get(name, [])
    values = [raw] if isinstance(raw, str) else list(raw or [])
    return [value.strip() for value in values if isinstance(value, str) and value.strip()]


def _single(args: Mapping, name: str) -> str | None:
    """The first value of ``name`` (a repeated single-valued argument counts once)."""
    values = arg_values(args, name)
    return values[0] if values else None


def day(raw: str | None, name: str) -> date | None:
    """``raw`` as an ISO date (YYYY-MM-DD), None when blank. Raises ValidationError."""
    if raw is None:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            f"{name} must be a date like 2024-05-01, not “{raw[:40]}”.", {name: "not a date"}
        ) from None


def flag(raw: str | None, name: str) -> bool:
    """``raw`` as a yes/no switch: true/1 or false/0 (blank is false). Raises ValidationError."""
    value = (raw or "").lower()
    if value not in ("", "true", "false", "1", "0"):
        raise ValidationError(f"{name} is true or false.", {name: "not true or false"})
    return value in ("true", "1")


def _choices(args: Mapping, name: str, allowed) -> list[str]:
    values = arg_values(args, name)
    for value in values:
        if value not in allowed:
            raise ValidationError(
                f"Unknown {name} “{value[:40]}”; choose from {', '.join(allowed)}.",
                {name: "unknown"},
            )
    return values


def _assignee(raw: str | None, viewer: User) -> tuple[int | None, bool]:
    """(assignee id, unassigned) for ``assignee``: an id, ``me`` or ``none``."""
    if raw == "me":
        return viewer.id, False
    if raw == "none":
        return None, True
    return whole_number(raw, "assignee"), False


def _organization(session: Session, raw: str | None) -> int | None:
    if raw and raw.isascii() and raw.isdigit():
        return whole_number(raw, "organization")
    if raw and len(raw) > MAX_TEXT:
        raise ValidationError(
            f"organization can be at most {MAX_TEXT} characters.", {"organization": "too long"}
        )
    return organization_filter_id(session, raw)


def claim_filters(session: Session, args: Mapping, viewer: User) -> ClaimFilters:
    """The claim filters a query string asks for: status and kind (repeatable), organization
    (id, name or alias), source, assignee (id, ``me``, ``none``), from/to (updated, dates), q,
    due (true: decided and past the re-check date).

    Rules: known statuses and kinds; ids are whole numbers 1…2³¹−1; dates are YYYY-MM-DD and in
    order; an unknown organization name matches nothing. Raises ValidationError naming the field.
    """
    assignee_id, unassigned = _assignee(_single(args, "assignee"), viewer)
    filters = ClaimFilters(
        statuses=_choices(args, "status", [s.value for s in ClaimStatus]),
        kinds=_choices(args, "kind", [k.value for k in ClaimKind]),
        organization_id=_organization(session, _single(args, "organization")),
        source_id=whole_number(_single(args, "source"), "source"),
        assignee_id=assignee_id,
        unassigned=unassigned,
        updated_from=day(_single(args, "from"), "from"),
        updated_to=day(_single(args, "to"), "to"),
        q=_single(args, "q"),
        due=flag(_single(args, "due"), "due"),
    )
    return filters.validate()


def parse_claim_list(session: Session, args: Mapping, viewer: User) -> ClaimListQuery:
    """The claims list a query string asks for: the filters of ``claim_filters``, sort (one of
    CLAIM_SORTS), order (asc | desc, default desc), cursor and limit (1…200, default 50).

    Raises ValidationError naming the field (web: a message on the list; API: 422).
    """
    filters = claim_filters(session, args, viewer)
    sort = _single(args, "sort")
    if sort is not None and sort not in CLAIM_SORTS:
        raise ValidationError(
            f"Sort by one of {', '.join(CLAIM_SORTS)}, not “{sort[:40]}”.", {"sort": "unknown"}
        )
    order = _single(args, "order") or "desc"
    if order not in ORDERS:
        raise ValidationError("order is asc or desc.", {"order": "unknown"})
    return ClaimListQuery(
        filters=filters,
        sort=sort,
        descending=order == "desc",
        cursor=_single(args, "cursor"),
        limit=page_limit(args),
    )


def page_limit(args: Mapping) -> int:
    """The page size a query string asks for: ``limit`` brought into 1…200 (default 50).
    Raises ValidationError when it is not a whole number."""
    limit = whole_number(_single(args, "limit"), "limit", low=0)
    return DEFAULT_LIMIT if limit is None else max(1, min(limit, MAX_PAGE))
