"""Indexes for every filter and sort of the claims list, so each page is an index range.

Each filter column leads, then the sort key and the id tie-breaker, so a page (first or
after any cursor) reads its rows in order straight from the index: source, created time,
organization with status, and the reviewer's and annotator's own queues.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 20:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW = {
    "ix_claim_source_id_updated_at": ["source_id", "updated_at", "id"],
    "ix_claim_created_at": ["created_at", "id"],
    "ix_claim_organization_id_status_updated_at": [
        "organization_id", "status", "updated_at", "id",
    ],
    "ix_claim_assignee_id_status_updated_at": ["assignee_id", "status", "updated_at", "id"],
    "ix_claim_created_by_id_status_updated_at": ["created_by_id", "status", "updated_at", "id"],
}
# Replaced by the wider indexes above, which serve the same lookups by their prefix.
OLD = {
    "ix_claim_assignee_id_status": ["assignee_id", "status"],
    "ix_claim_created_by_id_status": ["created_by_id", "status"],
}


def upgrade() -> None:
    for name, columns in NEW.items():
        op.create_index(name, "claim", columns, unique=False)
    for name in OLD:
        op.drop_index(name, table_name="claim")


def downgrade() -> None:
    for name, columns in OLD.items():
        op.create_index(name, "claim", columns, unique=False)
    for name in NEW:
        op.drop_index(name, table_name="claim")
