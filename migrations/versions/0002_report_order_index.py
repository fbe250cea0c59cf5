"""An index that serves reports: claims of one status in (source, position) order.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 05:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_claim_status_source_id_excerpt_start",
        "claim",
        ["status", "source_id", "excerpt_start", "id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_claim_status_source_id_excerpt_start", table_name="claim")
