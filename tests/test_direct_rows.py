"""Reads run on the driver's cursor (``db.direct_rows``) give what a Core execution gives."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, event, select

from factdb.db import direct_rows
from factdb.models import Claim, User

CLAIMS = Claim.__table__
BY_ID = select(CLAIMS).where(CLAIMS.c.id == bindparam("claim_id"))
WITH_NAMES = (
    select(CLAIMS.c.id, User.__table__.c.display_name, User.__table__.c.display_name.label("who"))
    .join(User.__table__, User.__table__.c.id == CLAIMS.c.created_by_id)
    .where(CLAIMS.c.id == bindparam("claim_id"))
)


def test_values_come_typed_as_a_core_execution_types_them(session, make_claim, tx):
    claim = make_claim(value={"amount": "4200000.5", "unit": "USD", "approximate": True})
    with tx() as s:
        s.get(Claim, claim.id).as_of = date(2024, 3, 31)
    core = session.connection().execute(BY_ID, {"claim_id": claim.id}).one()
    (direct,) = direct_rows(session, BY_ID, {"claim_id": claim.id})
    assert tuple(direct) == tuple(core)
    assert direct.amount == Decimal("4200000.5") and direct.approximate is True
    assert direct.as_of == date(2024, 3, 31)
    assert isinstance(direct.created_at, datetime) and direct.created_at.utcoffset() is not None


def test_rows_are_named_by_column_key_and_a_repeated_key_by_position(session, make_claim):
    claim = make_claim()
    (row,) = direct_rows(session, WITH_NAMES, {"claim_id": claim.id})
    assert (row.id, row.display_name, row.who) == (claim.id, "Ana Annotator", "Ana Annotator")
    assert direct_rows(session, WITH_NAMES, {"claim_id": claim.id + 1000}) == []


def test_pending_changes_are_flushed_first_and_listeners_see_the_statement(
    session, make_claim, engine
):
    claim = session.get(Claim, make_claim().id)
    claim.unit = "EUR"
    seen = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        (row,) = direct_rows(session, BY_ID, {"claim_id": claim.id})
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert row.unit == "EUR"
    assert seen[-1].lstrip().upper().startswith("SELECT")
    session.rollback()


def test_an_expanding_in_list_is_refused(session):
    statement = select(CLAIMS.c.id).where(CLAIMS.c.status.in_(["draft", "verified"]))
    with pytest.raises(ValueError, match="expanding"):
        direct_rows(session, statement, {})


def test_the_drivers_errors_come_as_sqlalchemys(session):
    """Error handlers (a locked, read-only or lost database) catch SQLAlchemy's classes."""
    from sqlalchemy import Column, Integer, MetaData, Table
    from sqlalchemy.exc import DBAPIError

    missing = Table("no_such_table", MetaData(), Column("id", Integer))
    statement = select(missing.c.id).where(missing.c.id == bindparam("id"))
    with pytest.raises(DBAPIError) as raised:
        direct_rows(session, statement, {"id": 1})
    assert "no_such_table" in str(raised.value.orig)
    session.rollback()
