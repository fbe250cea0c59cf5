"""An index for one reviewer's claims due for re-check: their inbox read every decided claim
(most of the table) to find the few with a re-check date passed.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 19:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_claim_decided_by_id_recheck_on", "claim", ["decided_by_id", "recheck_on", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_claim_decided_by_id_recheck_on", table_name="claim")
