"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 04:32:05.813779
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The audit trail is append-only: the database itself refuses to change or remove its rows.
AUDIT_TABLES = ("transition", "claim_event")


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in AUDIT_TABLES:
            for event in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END"
                )
        return
    op.execute(
        "CREATE FUNCTION factdb_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END $$"
    )
    for table in AUDIT_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION factdb_append_only()"
        )


def _drop_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in AUDIT_TABLES:
            for event in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{event}")
        return
    for table in AUDIT_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS factdb_append_only()")


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('organization',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('normalized_name', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization')),
    sa.UniqueConstraint('normalized_name', name=op.f('uq_organization_normalized_name'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('login_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('annotator', 'reviewer', 'editor')", name=op.f('ck_user_account_role_valid')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('email', name=op.f('uq_user_account_email'))
    )
    op.create_table('api_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_api_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_token_token_hash'))
    )
    op.create_index('ix_api_token_user_id', 'api_token', ['user_id'], unique=False)
    op.create_table('organization_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=300), nullable=False),
    sa.Column('normalized_alias', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_organization_alias_organization_id_organization')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_alias')),
    sa.UniqueConstraint('normalized_alias', name=op.f('uq_organization_alias_normalized_alias'))
    )
    op.create_index('ix_organization_alias_organization_id', 'organization_alias', ['organization_id'], unique=False)
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('publisher', sa.String(length=300), nullable=True),
    sa.Column('url', sa.String(length=2000), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('retrieved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_source_sha256_length')),
    sa.CheckConstraint('length(text) > 0', name=op.f('ck_source_text_not_empty')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_source_created_by_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_source')),
    sa.UniqueConstraint('sha256', name=op.f('uq_source_sha256'))
    )
    op.create_index('ix_source_created_at', 'source', ['created_at'], unique=False)
    op.create_index('ix_source_published', 'source', ['published'], unique=False)
    op.create_table('claim',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('excerpt_start', sa.Integer(), nullable=False),
    sa.Column('excerpt_end', sa.Integer(), nullable=False),
    sa.Column('excerpt_exact', sa.Text(), nullable=False),
    sa.Column('excerpt_prefix', sa.String(length=200), nullable=False),
    sa.Column('excerpt_suffix', sa.String(length=200), nullable=False),
    sa.Column('date_value', sa.Date(), nullable=True),
    sa.Column('date_precision', sa.String(length=8), nullable=True),
    sa.Column('date_end', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=30, scale=8), nullable=True),
    sa.Column('unit', sa.String(length=100), nullable=True),
    sa.Column('lower', sa.Numeric(precision=30, scale=8), nullable=True),
    sa.Column('upper', sa.Numeric(precision=30, scale=8), nullable=True),
    sa.Column('approximate', sa.Boolean(), nullable=False),
    sa.Column('speaker', sa.String(length=200), nullable=True),
    sa.Column('said_on', sa.Date(), nullable=True),
    sa.CheckConstraint("date_precision IN ('day', 'month', 'year')", name=op.f('ck_claim_date_precision_valid')),
    sa.CheckConstraint("kind <> 'date' OR (date_value IS NOT NULL AND date_precision IS NOT NULL)", name=op.f('ck_claim_date_value_present')),
    sa.CheckConstraint("kind <> 'figure' OR amount IS NOT NULL", name=op.f('ck_claim_figure_amount_present')),
    sa.CheckConstraint("kind <> 'statement' OR organization_id IS NOT NULL", name=op.f('ck_claim_statement_organization')),
    sa.CheckConstraint("kind IN ('statement', 'date', 'figure')", name=op.f('ck_claim_kind_valid')),
    sa.CheckConstraint("status <> 'in_review' OR assignee_id IS NOT NULL", name=op.f('ck_claim_in_review_assigned')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'in_review', 'verified', 'refuted', 'unverifiable', 'retracted')", name=op.f('ck_claim_status_valid')),
    sa.CheckConstraint('date_end IS NULL OR date_end >= date_value', name=op.f('ck_claim_date_range_order')),
    sa.CheckConstraint('excerpt_start >= 0 AND excerpt_end > excerpt_start', name=op.f('ck_claim_excerpt_positive_width')),
    sa.CheckConstraint('length(excerpt_exact) = excerpt_end - excerpt_start', name=op.f('ck_claim_excerpt_exact_length')),
    sa.CheckConstraint('lower IS NULL OR upper IS NULL OR lower <= upper', name=op.f('ck_claim_bounds_order')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_claim_version_positive')),
    sa.ForeignKeyConstraint(['assignee_id'], ['user_account.id'], name=op.f('fk_claim_assignee_id_user_account')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user_account.id'], name=op.f('fk_claim_created_by_id_user_account')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user_account.id'], name=op.f('fk_claim_decided_by_id_user_account')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_claim_organization_id_organization')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_claim_source_id_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim'))
    )
    op.create_index('ix_claim_assignee_id_status', 'claim', ['assignee_id', 'status'], unique=False)
    op.create_index('ix_claim_created_by_id_status', 'claim', ['created_by_id', 'status'], unique=False)
    op.create_index('ix_claim_decided_at', 'claim', ['decided_at'], unique=False)
    op.create_index('ix_claim_kind_updated_at', 'claim', ['kind', 'updated_at', 'id'], unique=False)
    op.create_index('ix_claim_organization_id_updated_at', 'claim', ['organization_id', 'updated_at', 'id'], unique=False)
    op.create_index('ix_claim_source_id_excerpt_start', 'claim', ['source_id', 'excerpt_start'], unique=False)
    op.create_index('ix_claim_status_updated_at', 'claim', ['status', 'updated_at', 'id'], unique=False)
    op.create_index('ix_claim_updated_at', 'claim', ['updated_at', 'id'], unique=False)
    op.create_table('suggestion_dismissal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('dismissed_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['dismissed_by_id'], ['user_account.id'], name=op.f('fk_suggestion_dismissal_dismissed_by_id_user_account')),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], name=op.f('fk_suggestion_dismissal_source_id_source')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggestion_dismissal')),
    sa.UniqueConstraint('source_id', 'key', name=op.f('uq_suggestion_dismissal_source_id_key'))
    )
    op.create_table('citation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=True),
    sa.Column('publisher', sa.String(length=300), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('accessed', sa.Date(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=True),
    sa.Column('stance', sa.String(length=16), nullable=False),
    sa.Column('added_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("stance IN ('supports', 'refutes', 'context')", name=op.f('ck_citation_stance_valid')),
    sa.ForeignKeyConstraint(['added_by_id'], ['user_account.id'], name=op.f('fk_citation_added_by_id_user_account')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_citation_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citation'))
    )
    op.create_index('ix_citation_claim_id', 'citation', ['claim_id'], unique=False)
    op.create_table('claim_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("action IN ('created', 'edited', 'citation_added', 'comment_added', 'assigned')", name=op.f('ck_claim_event_action_valid')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_claim_event_actor_id_user_account')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_claim_event_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_claim_event'))
    )
    op.create_index('ix_claim_event_claim_id_id', 'claim_event', ['claim_id', 'id'], unique=False)
    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_comment_author_id_user_account')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_comment_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    op.create_index('ix_comment_claim_id', 'comment', ['claim_id'], unique=False)
    op.create_table('transition',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=False),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("from_status IN ('draft', 'submitted', 'in_review', 'verified', 'refuted', 'unverifiable', 'retracted')", name=op.f('ck_transition_from_status_valid')),
    sa.CheckConstraint("to_status IN ('draft', 'submitted', 'in_review', 'verified', 'refuted', 'unverifiable', 'retracted')", name=op.f('ck_transition_to_status_valid')),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_transition_actor_id_user_account')),
    sa.ForeignKeyConstraint(['claim_id'], ['claim.id'], name=op.f('fk_transition_claim_id_claim')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_transition'))
    )
    op.create_index('ix_transition_claim_id_id', 'transition', ['claim_id', 'id'], unique=False)
    op.create_index('ix_transition_created_at', 'transition', ['created_at'], unique=False)
    _create_append_only_triggers()


def downgrade() -> None:
    _drop_append_only_triggers()
    op.drop_index('ix_transition_created_at', table_name='transition')
    op.drop_index('ix_transition_claim_id_id', table_name='transition')
    op.drop_table('transition')
    op.drop_index('ix_comment_claim_id', table_name='comment')
    op.drop_table('comment')
    op.drop_index('ix_claim_event_claim_id_id', table_name='claim_event')
    op.drop_table('claim_event')
    op.drop_index('ix_citation_claim_id', table_name='citation')
    op.drop_table('citation')
    op.drop_table('suggestion_dismissal')
    op.drop_index('ix_claim_updated_at', table_name='claim')
    op.drop_index('ix_claim_status_updated_at', table_name='claim')
    op.drop_index('ix_claim_source_id_excerpt_start', table_name='claim')
    op.drop_index('ix_claim_organization_id_updated_at', table_name='claim')
    op.drop_index('ix_claim_kind_updated_at', table_name='claim')
    op.drop_index('ix_claim_decided_at', table_name='claim')
    op.drop_index('ix_claim_created_by_id_status', table_name='claim')
    op.drop_index('ix_claim_assignee_id_status', table_name='claim')
    op.drop_table('claim')
    op.drop_index('ix_source_published', table_name='source')
    op.drop_index('ix_source_created_at', table_name='source')
    op.drop_table('source')
    op.drop_index('ix_organization_alias_organization_id', table_name='organization_alias')
    op.drop_table('organization_alias')
    op.drop_index('ix_api_token_user_id', table_name='api_token')
    op.drop_table('api_token')
    op.drop_table('user_account')
    op.drop_table('organization')
