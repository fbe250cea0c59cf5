"""Decade precision for date claims ("the early 2020s").

The claim table's CHECK constraint on date_precision lists the precisions; it is replaced by one
that also allows 'decade' (a batch operation, so SQLite rebuilds the table and PostgreSQL alters
it in place).

Revision ID: 0011
Revises: 0005
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ck_claim_date_precision_valid"
WITH_DECADE = "date_precision IN ('day', 'month', 'year', 'decade')"
WITHOUT_DECADE = "date_precision IN ('day', 'month', 'year')"


def _replace(condition: str) -> None:
    bind = op.get_bind()
    triggers = []
    if bind.dialect.name == "sqlite":
        # SQLite rebuilds the table; triggers naming it (full-text search) are set aside and
        # recreated as they were.
        triggers = bind.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%claim%'"
        ).fetchall()
        for name, _ in triggers:
            op.execute(f'DROP TRIGGER "{name}"')
    with op.batch_alter_table("claim") as batch:
        batch.drop_constraint(op.f(NAME), type_="check")
        batch.create_check_constraint("date_precision_valid", condition)
    for _, sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    _replace(WITH_DECADE)


def downgrade() -> None:
    op.execute("UPDATE claim SET date_precision = 'year' WHERE date_precision = 'decade'")
    _replace(WITHOUT_DECADE)
