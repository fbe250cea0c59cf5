"""Decade precision for date claims ("the early 2020s").

The claim table's CHECK constraint on date_precision lists the precisions; it is replaced by one
that also allows 'decade'. PostgreSQL alters the constraint in place. SQLite cannot alter a
CHECK constraint, and rebuilding the claim table would trip the foreign keys that point at it
inside the migration's transaction; since the new constraint only admits more values (every
existing row satisfies it), the table's stored definition is edited instead, the procedure the
SQLite documentation gives for changing CHECK constraints (writable_schema, then a new
schema_version so every connection reloads the schema).

Revision ID: 0011
Revises: 0006
Create Date: 2026-11-30 10:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = "ck_claim_date_precision_valid"
WITH_DECADE = "date_precision IN ('day', 'month', 'year', 'decade')"
WITHOUT_DECADE = "date_precision IN ('day', 'month', 'year')"


def _replace(old: str, new: str) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        op.drop_constraint(op.f(NAME), "claim", type_="check")
        op.create_check_constraint("date_precision_valid", "claim", new)
        return
    table_sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'claim'"
    ).scalar()
    if old not in table_sql:
        raise RuntimeError(f"claim's CHECK constraint {old!r} was not found")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'claim'",
        (table_sql.replace(old, new),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    _replace(WITHOUT_DECADE, WITH_DECADE)


def downgrade() -> None:
    op.execute("UPDATE claim SET date_precision = 'year' WHERE date_precision = 'decade'")
    _replace(WITH_DECADE, WITHOUT_DECADE)
