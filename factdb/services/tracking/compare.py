"""Comparing two claims' values: equal, close, conflicting, or not comparable.

Dates are compared at the coarser precision of the two (a claim "in 2020" agrees with one
"on 3 January 2020"); figures by their ranges (``lower``..``upper``, else the amount) in the
same unit, with a relative tolerance for approximate or rounded figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from factdb.models import Claim, ClaimKind, DatePrecision
from factdb.services.review.values import decimal_text, format_date, truncate_date

PRECISION_ORDER = [p.value for p in DatePrecision]  # finest first: day, month, year, …


class Relation(StrEnum):
    equal = "equal"
    close = "close"
    conflicting = "conflicting"
    incomparable = "incomparable"


@dataclass(frozen=True)
class ValueComparison:
    relation: Relation
    detail: str


# Figures whose ranges differ by at most this fraction of the larger magnitude are close.
DEFAULT_TOLERANCE = 0.02


def compare_values(a: Claim, b: Claim, tolerance: float = DEFAULT_TOLERANCE) -> ValueComparison:
    """How the values of claims ``a`` and ``b`` relate.

    Rules: claims of different kinds, statements, and figures in different units are
    incomparable; dates differ when they differ at the coarser precision of the two (ranges
    by both ends); figures conflict when their ranges do not overlap and differ by more than
    ``tolerance`` (a fraction of the larger magnitude), are close within it, equal when the
    same.
    """
    if a.kind != b.kind or a.kind == ClaimKind.statement:
        return ValueComparison(Relation.incomparable, "")
    if a.kind == ClaimKind.date:
        return _compare_dates(a, b)
    return _compare_figures(a, b, Decimal(str(tolerance)))


def _coarser(a: str | None, b: str | None) -> DatePrecision:
    ranks = [PRECISION_ORDER.index(p) if p in PRECISION_ORDER else 0 for p in (a, b)]
    return DatePrecision(PRECISION_ORDER[max(ranks)])


def _at(value: date | None, precision: DatePrecision) -> date | None:
    return truncate_date(value, precision) if value else None


def _compare_dates(a: Claim, b: Claim) -> ValueComparison:
    if a.date_value is None or b.date_value is None:
        return ValueComparison(Relation.incomparable, "")
    precision = _coarser(a.date_precision, b.date_precision)
    same_start = _at(a.date_value, precision) == _at(b.date_value, precision)
    ends = (_at(a.date_end, precision), _at(b.date_end, precision))
    same_end = ends[0] == ends[1] or None in ends
    shown = f"{_date_text(a)} vs {_date_text(b)}"
    if same_start and same_end:
        exact = (a.date_value, a.date_end, a.date_precision) == (
            b.date_value,
            b.date_end,
            b.date_precision,
        )
        return ValueComparison(Relation.equal if exact else Relation.close, shown)
    return ValueComparison(Relation.conflicting, shown)


def _date_text(claim: Claim) -> str:
    text = format_date(claim.date_value, claim.date_precision)
    if claim.date_end:
        text += f" – {format_date(claim.date_end, claim.date_precision)}"
    return text


def _unit_key(unit: str | None) -> str:
    return " ".join((unit or "").casefold().replace("per cent", "%").split())


def _range(claim: Claim) -> tuple[Decimal, Decimal]:
    low = claim.lower if claim.lower is not None else claim.amount
    high = claim.upper if claim.upper is not None else claim.amount
    return (low, high) if low <= high else (high, low)


def _compare_figures(a: Claim, b: Claim, tolerance: Decimal) -> ValueComparison:
    if a.amount is None or b.amount is None:
        return ValueComparison(Relation.incomparable, "")
    if _unit_key(a.unit) != _unit_key(b.unit):
        return ValueComparison(Relation.incomparable, f"units {a.unit!r} and {b.unit!r}")
    shown = f"{_figure_text(a)} vs {_figure_text(b)}"
    (a_low, a_high), (b_low, b_high) = _range(a), _range(b)
    if (a_low, a_high) == (b_low, b_high):
        return ValueComparison(Relation.equal, shown)
    if a_low <= b_high and b_low <= a_high:
        return ValueComparison(Relation.close, shown)
    gap = min(abs(a_low - b_high), abs(b_low - a_high))
    scale = max(abs(a_low), abs(a_high), abs(b_low), abs(b_high))
    if scale and gap / scale <= tolerance:
        return ValueComparison(Relation.close, shown)
    return ValueComparison(Relation.conflicting, shown)


def _figure_text(claim: Claim) -> str:
    if claim.lower is not None and claim.upper is not None:
        number = f"{decimal_text(claim.lower)}–{decimal_text(claim.upper)}"
    else:
        number = decimal_text(claim.amount) or ""
    return f"{number} {claim.unit or ''}".strip()
