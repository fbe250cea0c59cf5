"""Fact tracking: confirmed matches, conflicts, as-of and re-check dates, re-check requests,
and the record of changes to organizations.

Revision ID: 0014
Revises: 0005
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from factdb.models.base import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = sa.text("removed_at IS NULL")


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), nullable=False)


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def _at(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, UTCDateTime(), nullable=nullable)


def upgrade() -> None:
    op.add_column("claim", sa.Column("as_of", sa.Date(), nullable=True))
    op.add_column("claim", sa.Column("recheck_on", sa.Date(), nullable=True))
    op.create_index("ix_claim_recheck_on", "claim", ["recheck_on", "id"])
    op.create_table(
        "claim_match",
        _id(),
        _fk("claim_id", "claim"),
        _fk("other_id", "claim"),
        _fk("created_by_id", "user_account"),
        _at("created_at"),
        sa.Column("note", sa.Text(), nullable=True),
        _fk("removed_by_id", "user_account", nullable=True),
        _at("removed_at", nullable=True),
        sa.Column("removal_note", sa.Text(), nullable=True),
        sa.CheckConstraint("claim_id < other_id", name="ordered_pair"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_claim_match_live_pair",
        "claim_match",
        ["claim_id", "other_id"],
        unique=True,
        sqlite_where=LIVE,
        postgresql_where=LIVE,
    )
    op.create_index("ix_claim_match_other_id", "claim_match", ["other_id"])
    op.create_table(
        "claim_conflict",
        _id(),
        _fk("claim_id", "claim"),
        _fk("other_id", "claim"),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        _at("detected_at"),
        sa.Column("status", sa.String(length=16), nullable=False),
        _fk("dismissed_by_id", "user_account", nullable=True),
        _at("dismissed_at", nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("claim_id < other_id", name="ordered_pair"),
        sa.CheckConstraint("reason IN ('value', 'verdict')", name="reason_valid"),
        sa.CheckConstraint("status IN ('open', 'dismissed')", name="status_valid"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("claim_id", "other_id", "reason"),
    )
    op.create_index("ix_claim_conflict_other_id", "claim_conflict", ["other_id"])
    op.create_index("ix_claim_conflict_status_id", "claim_conflict", ["status", "id"])
    op.create_table(
        "recheck_change",
        _id(),
        _fk("claim_id", "claim"),
        _fk("actor_id", "user_account"),
        _at("created_at"),
        sa.Column("before", sa.Date(), nullable=True),
        sa.Column("after", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_recheck_change_claim_id_id", "recheck_change", ["claim_id", "id"])
    op.create_table(
        "recheck_request",
        _id(),
        _fk("claim_id", "claim"),
        _fk("requested_by_id", "user_account"),
        _at("created_at"),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        _fk("decided_by_id", "user_account", nullable=True),
        _at("decided_at", nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('pending', 'approved', 'declined')", name="status_valid"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_recheck_request_claim_id_id", "recheck_request", ["claim_id", "id"])
    op.create_index("ix_recheck_request_status_id", "recheck_request", ["status", "id"])
    op.create_table(
        "organization_change",
        _id(),
        _fk("organization_id", "organization"),
        sa.Column("action", sa.String(length=16), nullable=False),
        _fk("actor_id", "user_account"),
        _at("created_at"),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "action IN ('alias_added', 'alias_removed', 'merged')", name="action_valid"
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_organization_change_organization_id_id",
        "organization_change",
        ["organization_id", "id"],
    )


def downgrade() -> None:
    for table in (
        "organization_change",
        "recheck_request",
        "recheck_change",
        "claim_conflict",
        "claim_match",
    ):
        op.drop_table(table)
    op.drop_index("ix_claim_recheck_on", table_name="claim")
    # Plain ALTER TABLE (SQLite 3.35+): a batch copy of claim would trip its search triggers.
    op.execute("ALTER TABLE claim DROP COLUMN recheck_on")
    op.execute("ALTER TABLE claim DROP COLUMN as_of")
