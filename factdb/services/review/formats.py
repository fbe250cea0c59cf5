"""Values as people read them: dates at their precision and decimals without exponent.

Kept apart from ``values`` (which parses typed input with the suggestion engine's readers) so
the suggestion engine can format what it finds without importing the parser that uses it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from factdb.models import DatePrecision

MONTHS = (
    "January February March April May June July August September October November December".split()
)


def decimal_text(value: Decimal | None) -> str | None:
    """A decimal without exponent or trailing zeros: 3500000000, 12.5."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


def format_date(value: date | None, precision: str | None) -> str:
    """A date as people write it at its precision: "3 January 2020", "January 2020", "2020",
    "the 2020s"."""
    if value is None:
        return ""
    if precision == DatePrecision.decade:
        return f"the {value.year - value.year % 10}s"
    if precision == DatePrecision.year:
        return str(value.year)
    if precision == DatePrecision.month:
        return f"{MONTHS[value.month - 1]} {value.year}"
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
