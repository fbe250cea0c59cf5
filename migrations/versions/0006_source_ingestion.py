"""Source ingestion: metadata found in a document, PDF page maps, embedded fact-checks, the
retrieval record of a fetched URL, and previews waiting for confirmation.

Revision ID: 0006
Revises: 0009
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("source", sa.Column("author", sa.String(length=300), nullable=True))
    op.add_column("source", sa.Column("canonical_url", sa.String(length=2000), nullable=True))
    op.add_column("source", sa.Column("language", sa.String(length=35), nullable=True))
    op.add_column("source", sa.Column("page_map", sa.JSON(), nullable=True))
    op.add_column("source", sa.Column("embedded_fact_checks", sa.JSON(), nullable=True))
    op.create_table(
        "source_retrieval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("requested_url", sa.String(length=2000), nullable=False),
        sa.Column("final_url", sa.String(length=2000), nullable=False),
        sa.Column("status", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=True),
        sa.Column("redirects", sa.JSON(), nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.CheckConstraint("length(sha256) = 64", name="ck_source_retrieval_sha256_length"),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name="fk_source_retrieval_source_id_source"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_retrieval"),
        sa.UniqueConstraint("source_id", name="uq_source_retrieval_source_id"),
    )
    op.create_table(
        "source_preview",
        sa.Column("id", sa.String(length=43), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("retrieval", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user_account.id"], name="fk_source_preview_created_by_id_user_account"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_source_preview"),
    )
    op.create_index("ix_source_preview_expires_at", "source_preview", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_source_preview_expires_at", table_name="source_preview")
    op.drop_table("source_preview")
    op.drop_table("source_retrieval")
    # Plain DROP COLUMN: rebuilding the table would break the full-text triggers on SQLite.
    for column in ("embedded_fact_checks", "page_map", "language", "canonical_url", "author"):
        op.drop_column("source", column)
