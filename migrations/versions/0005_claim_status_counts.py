"""Claims per status, kept by triggers, so the dashboard's counts do not scan the claims.

``claim_status_count`` holds one row per status that has ever had a claim. SQLite keeps it
with row triggers; PostgreSQL with statement triggers over transition tables, so a bulk
insert adds its counts once per statement rather than once per row.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ADD = (
    "INSERT INTO claim_status_count (status, n) {rows} "
    "ON CONFLICT (status) DO UPDATE SET n = claim_status_count.n + excluded.n"
)


def upgrade() -> None:
    op.create_table(
        "claim_status_count",
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("status"),
    )
    op.execute(ADD.format(rows="SELECT status, count(*) FROM claim GROUP BY status"))
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_triggers()
    else:
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    plus = ADD.format(rows="VALUES (new.status, 1)")
    minus = "UPDATE claim_status_count SET n = n - 1 WHERE status = old.status"
    op.execute(f"CREATE TRIGGER claim_status_count_insert AFTER INSERT ON claim BEGIN {plus}; END")
    op.execute(f"CREATE TRIGGER claim_status_count_delete AFTER DELETE ON claim BEGIN {minus}; END")
    op.execute(
        "CREATE TRIGGER claim_status_count_update AFTER UPDATE OF status ON claim "
        f"WHEN old.status <> new.status BEGIN {minus}; {plus}; END"
    )


def _postgresql_triggers() -> None:
    added = ADD.format(rows="SELECT status, count(*) FROM new_rows GROUP BY status")
    removed = (
        "UPDATE claim_status_count c SET n = c.n - o.n FROM "
        "(SELECT status, count(*) AS n FROM old_rows GROUP BY status) o WHERE c.status = o.status"
    )
    op.execute(
        "CREATE FUNCTION claim_status_count_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF TG_OP IN ('UPDATE', 'DELETE') THEN {removed}; END IF; "
        f"IF TG_OP IN ('UPDATE', 'INSERT') THEN {added}; END IF; RETURN NULL; END $$"
    )
    for event, tables in (
        ("INSERT", "NEW TABLE AS new_rows"),
        ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
        ("DELETE", "OLD TABLE AS old_rows"),
    ):
        op.execute(
            f"CREATE TRIGGER claim_status_count_{event.lower()} AFTER {event} ON claim "
            f"REFERENCING {tables} FOR EACH STATEMENT "
            "EXECUTE FUNCTION claim_status_count_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_status_count_{event}")
    else:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS claim_status_count_{event} ON claim")
        op.execute("DROP FUNCTION IF EXISTS claim_status_count_change()")
    op.drop_table("claim_status_count")
