"""The range every integer from a client must fall in before it reaches the database.

Ids, versions and offsets are INTEGER columns: four bytes on PostgreSQL, so a larger
number is an error there (and SQLite stops at eight bytes). A number outside the range
names nothing that exists: an id in a URL is "not found", a filter or body field is invalid.
"""

from __future__ import annotations

from factdb.models.base import MAX_ID as MAX_DB_INTEGER  # PostgreSQL INTEGER (int4)
from factdb.services.errors import ValidationError

MIN_DB_INTEGER = -(2**31)


def fits_db_integer(value: object) -> bool:
    """Whether ``value`` is an int (not a bool) a database INTEGER column can hold."""
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and MIN_DB_INTEGER <= value <= MAX_DB_INTEGER
    )


def check_id(value: int | None, field: str) -> int | None:
    """``value`` when it is None or an id that can exist (1 ≤ id ≤ 2³¹−1).

    Raises ValidationError naming ``field`` otherwise.
    """
    if value is None:
        return None
    if not fits_db_integer(value) or value < 1:
        raise ValidationError(
            f"{field} must be a whole number from 1 to {MAX_DB_INTEGER}.", {field: "out of range"}
        )
    return value


def whole_number(
    raw: str | None, name: str, *, low: int = 1, high: int = MAX_DB_INTEGER
) -> int | None:
    """``raw`` as an int in [low, high] (None when blank). Rules: ASCII digits only.
    Raises ValidationError naming ``name``."""
    if raw is None or raw == "":
        return None
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19 or not low <= int(raw) <= high:
        raise ValidationError(
            f"{name} must be a whole number from {low} to {high}.", {name: "not a valid number"}
        )
    return int(raw)
