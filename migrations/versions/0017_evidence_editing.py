"""Evidence editing: citations and comments can be edited or withdrawn until a verdict.

Both tables get ``edited_at``, ``withdrawn_at`` and ``withdrawn_by_id`` (a plain column: SQLite
cannot add a foreign key to an existing table without rebuilding it; who withdrew what is
also kept, with foreign keys, in ``evidence_change``, the audit record of every edit and
withdrawal with the fields before and after). ``evidence_change`` is append-only like the rest
of the audit trail: the database refuses UPDATE and DELETE on it (the PostgreSQL trigger
function comes from migration 0001).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 12:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from factdb.models.base import UTCDateTime

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("citation", "comment")


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("edited_at", UTCDateTime(), nullable=True))
        op.add_column(table, sa.Column("withdrawn_at", UTCDateTime(), nullable=True))
        op.add_column(table, sa.Column("withdrawn_by_id", sa.Integer(), nullable=True))
    op.create_table(
        "evidence_change",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("claim_id", "claim"),
        _fk("citation_id", "citation", nullable=True),
        _fk("comment_id", "comment", nullable=True),
        sa.Column("action", sa.String(length=16), nullable=False),
        _fk("actor_id", "user_account"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.CheckConstraint("action IN ('edited', 'withdrawn')", name="action_valid"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_evidence_change_claim_id_id", "evidence_change", ["claim_id", "id"])
    _append_only("evidence_change")


def _append_only(table: str) -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
            )
    else:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION factdb_append_only()"
        )


def downgrade() -> None:
    op.drop_index("ix_evidence_change_claim_id_id", table_name="evidence_change")
    op.drop_table("evidence_change")
    for table in TABLES:
        for column in ("withdrawn_by_id", "withdrawn_at", "edited_at"):
            op.drop_column(table, column)
