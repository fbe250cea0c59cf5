"""Search index written by the application with one folding rule for both databases.

Migration 0003's triggers folded text in SQL: on SQLite only Latin diacritics (the FTS5
unicode61 tokenizer), on PostgreSQL every combining mark, so the two found different rows.
From here the application writes every index row (``factdb.services.search.index``) with
``search_tokens``: the triggers and SQL functions go, SQLite's FTS5 tables are rebuilt with the
``ascii`` tokenizer (it splits the stored tokens at spaces and changes nothing else), and
every existing claim and source is indexed again.

Revision ID: 0009
Revises: 0014
Create Date: 2026-11-30 09:00:00
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from alembic import op

from factdb.services.search.index import reindex

revision: str = "0009"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CLAIM_COLUMNS = "text, excerpt, organization, source"
SOURCE_COLUMNS = "title, publisher"


def _full_text_search_migration():
    """Migration 0003's module: its triggers and functions are dropped and restored here."""
    path = Path(__file__).with_name("0003_full_text_search.py")
    spec = importlib.util.spec_from_file_location("factdb_migration_0003", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def upgrade() -> None:
    first = _full_text_search_migration()
    if op.get_bind().dialect.name == "sqlite":
        for trigger in first._sqlite_triggers():
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE claim_fts")
        op.execute("DROP TABLE source_fts")
        op.execute(f"CREATE VIRTUAL TABLE claim_fts USING fts5({CLAIM_COLUMNS}, tokenize='ascii')")
        op.execute(
            f"CREATE VIRTUAL TABLE source_fts USING fts5({SOURCE_COLUMNS}, tokenize='ascii')"
        )
    else:
        for trigger, (_event, table, _action) in first._postgresql_triggers().items():
            op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
        for function in first.POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {function}")
    reindex(op.get_bind())


def downgrade() -> None:
    first = _full_text_search_migration()
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE claim_fts")
        op.execute("DROP TABLE source_fts")
        first._create_sqlite_search()
        return
    op.execute("DROP TABLE claim_search")
    op.execute("DROP TABLE source_search")
    first._create_postgresql_search()
