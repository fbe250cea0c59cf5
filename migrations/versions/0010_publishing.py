"""Publishing: ratings given with verdicts, publication of verdicts, imported fact-checks.

``publication`` is append-only like the rest of the audit trail: the database refuses UPDATE
and DELETE on it (the PostgreSQL trigger function comes from migration 0001).

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

RATING_COLUMNS = ("rating_value", "rating_best", "rating_worst")


def upgrade() -> None:
    op.add_column("claim", sa.Column("rating_label", sa.String(length=100), nullable=True))
    for name in RATING_COLUMNS:
        op.add_column("claim", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("claim", sa.Column("published_at", sa.DateTime(timezone=True), nullable=True))
    # Who published is kept with a foreign key in ``publication``; here it is a plain column
    # because SQLite cannot add a constraint to an existing table without rebuilding it.
    op.add_column("claim", sa.Column("published_by_id", sa.Integer(), nullable=True))
    op.create_index("ix_claim_published_at", "claim", ["published_at", "id"])
    op.add_column("transition", sa.Column("rating_label", sa.String(length=100), nullable=True))
    _create_publication()
    _create_fact_check()


def _create_publication() -> None:
    op.create_table(
        "publication",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "action IN ('published', 'unpublished', 'withdrawn')",
            name=op.f("ck_publication_action_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user_account.id"], name=op.f("fk_publication_actor_id_user_account")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claim.id"], name=op.f("fk_publication_claim_id_claim")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_publication")),
    )
    op.create_index("ix_publication_claim_id_id", "publication", ["claim_id", "id"])
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER publication_no_{event.lower()} BEFORE {event} ON publication "
                "BEGIN SELECT RAISE(ABORT, 'publication rows are append-only'); END"
            )
    else:
        op.execute(
            "CREATE TRIGGER publication_append_only BEFORE UPDATE OR DELETE ON publication "
            "FOR EACH ROW EXECUTE FUNCTION factdb_append_only()"
        )


def _create_fact_check() -> None:
    op.create_table(
        "fact_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("url_key", sa.String(length=2000), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("claimant", sa.String(length=300), nullable=True),
        sa.Column("claim_date", sa.Date(), nullable=True),
        sa.Column("publisher_name", sa.String(length=300), nullable=True),
        sa.Column("publisher_site", sa.String(length=2000), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("textual_rating", sa.String(length=300), nullable=True),
        sa.Column("normalized_rating", sa.String(length=8), nullable=False),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "normalized_rating IN ('true', 'false', 'mixed', 'other')",
            name=op.f("ck_fact_check_normalized_rating_valid"),
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"],
            ["user_account.id"],
            name=op.f("fk_fact_check_imported_by_id_user_account"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fact_check")),
        sa.UniqueConstraint("url_key", name=op.f("uq_fact_check_url_key")),
    )
    op.create_index("ix_fact_check_review_date", "fact_check", ["review_date", "id"])
    op.create_index("ix_fact_check_normalized_rating", "fact_check", ["normalized_rating", "id"])


def downgrade() -> None:
    op.drop_index("ix_fact_check_normalized_rating", table_name="fact_check")
    op.drop_index("ix_fact_check_review_date", table_name="fact_check")
    op.drop_table("fact_check")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS publication_no_update")
        op.execute("DROP TRIGGER IF EXISTS publication_no_delete")
    else:
        op.execute("DROP TRIGGER IF EXISTS publication_append_only ON publication")
    op.drop_index("ix_publication_claim_id_id", table_name="publication")
    op.drop_table("publication")
    op.drop_index("ix_claim_published_at", table_name="claim")
    # Plain DROP COLUMN (SQLite 3.35+): rebuilding the tables would drop their triggers.
    op.drop_column("transition", "rating_label")
    for name in ("published_by_id", "published_at", *RATING_COLUMNS, "rating_label"):
        op.drop_column("claim", name)
