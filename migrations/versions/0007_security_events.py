"""Security events (append-only), failed sign-ins for throttling, token last use, forced reset.

``security_event`` gets the same UPDATE/DELETE-refusing triggers as the audit tables of 0001;
on PostgreSQL it reuses 0001's ``factdb_append_only()`` function.

Revision ID: 0007
Revises: 0011
Create Date: 2026-11-30 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIONS = (
    "sign_in", "sign_out", "password_change", "password_reset_required", "user_create",
    "role_change", "user_activate", "user_deactivate", "token_create", "token_revoke",
)
OUTCOMES = ("success", "failure", "throttled")


def _one_of(column: str, values: tuple[str, ...]) -> sa.CheckConstraint:
    listed = ", ".join(f"'{value}'" for value in values)
    return sa.CheckConstraint(f"{column} IN ({listed})", name=op.f(f"ck_security_event_{column}_valid"))


def upgrade() -> None:
    op.create_table(
        "security_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        _one_of("action", ACTIONS),
        _one_of("outcome", OUTCOMES),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], name=op.f("fk_security_event_actor_id_user_account")),
        sa.ForeignKeyConstraint(["subject_id"], ["user_account.id"], name=op.f("fk_security_event_subject_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_security_event")),
    )
    op.create_index("ix_security_event_action_id", "security_event", ["action", "id"])
    op.create_index("ix_security_event_subject_id_id", "security_event", ["subject_id", "id"])
    op.create_index("ix_security_event_actor_id_id", "security_event", ["actor_id", "id"])
    op.create_table(
        "sign_in_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=254), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failure")),
    )
    op.create_index("ix_sign_in_failure_account_created_at", "sign_in_failure", ["account", "created_at"])
    op.create_index("ix_sign_in_failure_address_created_at", "sign_in_failure", ["address", "created_at"])
    op.create_index("ix_sign_in_failure_created_at", "sign_in_failure", ["created_at"])
    # Plain ADD COLUMN: a batch copy of user_account would trip the foreign keys pointing at it.
    op.add_column(
        "user_account",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("api_token", sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True))
    _create_append_only_triggers()


def _create_append_only_triggers() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER security_event_no_{event.lower()} BEFORE {event} ON security_event "
                "BEGIN SELECT RAISE(ABORT, 'security_event rows are append-only'); END"
            )
        return
    op.execute(
        "CREATE TRIGGER security_event_append_only BEFORE UPDATE OR DELETE ON security_event "
        "FOR EACH ROW EXECUTE FUNCTION factdb_append_only()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for event in ("update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS security_event_no_{event}")
    else:
        op.execute("DROP TRIGGER IF EXISTS security_event_append_only ON security_event")
    op.drop_column("api_token", "last_used_at")
    op.drop_column("user_account", "must_change_password")
    op.drop_table("sign_in_failure")
    op.drop_table("security_event")
