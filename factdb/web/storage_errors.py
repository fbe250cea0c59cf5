"""Telling a full disk or a read-only database apart from other database errors, and logging
errors without what users typed."""

from __future__ import annotations

import traceback

from sqlalchemy.exc import DBAPIError

# SQLite's messages, and PostgreSQL's SQLSTATEs: 53100 disk_full, 25006 read_only_sql_transaction,
# 53200 out_of_memory, 58030 io_error.
_SQLITE_MESSAGES = (
    "readonly database",
    "database or disk is full",
    "disk is full",
    "disk i/o error",
    "unable to open database file",
)
_POSTGRES_STATES = frozenset({"53100", "25006", "58030"})
_POSTGRES_MESSAGES = ("no space left on device", "could not extend file")


def storage_unavailable(error: DBAPIError) -> bool:
    """Whether ``error`` means the database cannot store anything now (full, read-only)."""
    original = error.orig
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if state in _POSTGRES_STATES:
        return True
    message = str(original).lower()
    return any(text in message for text in _SQLITE_MESSAGES + _POSTGRES_MESSAGES)


def describe_exception(error: BaseException) -> str:
    """The exception's types and stack frames, never its message (which may hold user text or
    SQL parameters)."""
    names = []
    current: BaseException | None = error
    while current is not None and len(names) < 5:
        names.append(type(current).__qualname__)
        current = current.__cause__ or current.__context__
    frames = "".join(traceback.format_tb(error.__traceback__))
    return " <- ".join(names) + "\n" + frames
