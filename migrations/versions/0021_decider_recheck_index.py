"""The re-check indexes hold only claims with a re-check date: one for the queue, one for a
reviewer's own claims fallen due (their inbox read every decided claim to find them). Few
claims have a re-check date; an index holding every claim's NULL looked to SQLite's planner
as costly as reading all decided claims through the status index.

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 19:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

HAS_RECHECK_DATE = {
    "sqlite_where": sa.text("recheck_on IS NOT NULL"),
    "postgresql_where": sa.text("recheck_on IS NOT NULL"),
}


def upgrade() -> None:
    op.drop_index("ix_claim_recheck_on", table_name="claim")
    op.create_index("ix_claim_recheck_on", "claim", ["recheck_on", "id"], **HAS_RECHECK_DATE)
    op.create_index(
        "ix_claim_decided_by_id_recheck_on",
        "claim",
        ["decided_by_id", "recheck_on", "id"],
        **HAS_RECHECK_DATE,
    )


def downgrade() -> None:
    op.drop_index("ix_claim_decided_by_id_recheck_on", table_name="claim")
    op.drop_index("ix_claim_recheck_on", table_name="claim")
    op.create_index("ix_claim_recheck_on", "claim", ["recheck_on", "id"])
