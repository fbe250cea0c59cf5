"""Claim presence: who has a claim's page open now ("being reviewed by …").

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 16:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from factdb.models.base import UTCDateTime

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claim_presence",
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("opened_at", UTCDateTime(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_claim_presence_claim_id_claim")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user_account.id"], name=op.f("fk_claim_presence_user_id_user_account")
        ),
        sa.PrimaryKeyConstraint("claim_id", "user_id", name=op.f("pk_claim_presence")),
    )
    op.create_index("ix_claim_presence_seen_at", "claim_presence", ["seen_at"])


def downgrade() -> None:
    op.drop_index("ix_claim_presence_seen_at", table_name="claim_presence")
    op.drop_table("claim_presence")
