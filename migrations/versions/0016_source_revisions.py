"""Source revisions: each source's place among the revisions of one document, and what
became of each claim's excerpt when its source was revised (re-anchoring).

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 12:40:00
"""

import hashlib
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from factdb.models.base import UTCDateTime
from factdb.services.sources.urls import url_identity

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(name: str, table: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def _key(url: str | None) -> str | None:
    identity = url_identity(url)
    return hashlib.sha256(identity.encode("utf-8")).hexdigest() if identity else None


def upgrade() -> None:
    revisions = op.create_table(
        "source_revision",
        _fk("source_id", "source"),
        _fk("previous_id", "source", nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("url_key", sa.String(length=64), nullable=True),
        sa.Column("canonical_url_key", sa.String(length=64), nullable=True),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint("(previous_id IS NULL) = (revision = 1)", name="first_has_no_previous"),
        sa.PrimaryKeyConstraint("source_id"),
        sa.UniqueConstraint("previous_id"),
    )
    op.create_index("ix_source_revision_url_key", "source_revision", ["url_key"])
    op.create_index(
        "ix_source_revision_canonical_url_key", "source_revision", ["canonical_url_key"]
    )
    # Every source stored so far is the first revision of its document.
    rows = op.get_bind().execute(sa.text("SELECT id, url, canonical_url FROM source")).all()
    if rows:
        op.bulk_insert(
            revisions,
            [
                {
                    "source_id": row.id,
                    "previous_id": None,
                    "revision": 1,
                    "url_key": _key(row.url),
                    "canonical_url_key": _key(row.canonical_url),
                }
                for row in rows
            ],
        )
    op.create_table(
        "claim_reanchor",
        sa.Column("id", sa.Integer(), nullable=False),
        _fk("claim_id", "claim"),
        _fk("from_source_id", "source"),
        _fk("to_source_id", "source"),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("old_start", sa.Integer(), nullable=False),
        sa.Column("old_end", sa.Integer(), nullable=False),
        sa.Column("old_exact", sa.Text(), nullable=False),
        sa.Column("new_start", sa.Integer(), nullable=True),
        sa.Column("new_end", sa.Integer(), nullable=True),
        sa.Column("new_exact", sa.Text(), nullable=True),
        _fk("created_by_id", "user_account"),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        _fk("resolved_by_id", "user_account", nullable=True),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolution_note", sa.Text(), nullable=True),
        sa.CheckConstraint("result IN ('moved', 'changed', 'gone')", name="result_valid"),
        sa.CheckConstraint(
            "result = 'gone' OR (new_start IS NOT NULL AND new_end IS NOT NULL)",
            name="new_span_present",
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_claim_reanchor_claim_id_id", "claim_reanchor", ["claim_id", "id"])
    op.create_index("ix_claim_reanchor_to_source_id_id", "claim_reanchor", ["to_source_id", "id"])


def downgrade() -> None:
    op.drop_table("claim_reanchor")
    op.drop_table("source_revision")
