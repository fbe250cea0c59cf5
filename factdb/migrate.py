"""Running the Alembic migrations in migrations/ against an engine.

Alembic is imported by the functions that use it: it is a fifth of what starting the CLI
imports, and most commands never migrate.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from factdb.db import write_intent
from factdb.resources import resource_dir

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Which database objects autogenerate compares with the models.

    Objects the models do not describe (search indexes kept by triggers, for example) are
    listed here so that "models and migrations agree" stays a meaningful check.
    """
    return name not in UNMODELLED_OBJECTS


# Database objects created by migrations on purpose but absent from the SQLModel metadata:
# the full-text search indexes of migration 0003 (FTS5 tables with their shadow tables and
# triggers on SQLite; tsvector tables, GIN indexes, functions and triggers on PostgreSQL).
UNMODELLED_OBJECTS: frozenset[str] = frozenset(
    {
        "claim_fts",
        "claim_fts_data",
        "claim_fts_idx",
        "claim_fts_content",
        "claim_fts_docsize",
        "claim_fts_config",
        "source_fts",
        "source_fts_data",
        "source_fts_idx",
        "source_fts_content",
        "source_fts_docsize",
        "source_fts_config",
        "claim_fts_after_insert",
        "claim_fts_after_update",
        "claim_fts_after_delete",
        "claim_fts_after_organization_rename",
        "claim_fts_after_alias_insert",
        "claim_fts_after_alias_update",
        "claim_fts_after_alias_delete",
        "claim_fts_after_source_retitle",
        "source_fts_after_insert",
        "source_fts_after_update",
        "source_fts_after_delete",
        "claim_search",
        "source_search",
        "pk_claim_search",
        "pk_source_search",
        "fk_claim_search_claim_id_claim",
        "fk_source_search_source_id_source",
        "ix_claim_search_document",
        "ix_source_search_document",
        "claim_search_after_insert",
        "claim_search_after_update",
        "claim_search_after_organization_rename",
        "claim_search_after_alias_change",
        "claim_search_after_source_retitle",
        "source_search_after_write",
        "factdb_search_text",
        "factdb_claim_document",
        "factdb_source_document",
        "factdb_reindex_claims",
        "factdb_claim_search_refresh",
        "factdb_claim_search_related",
        "factdb_source_search_refresh",
    }
)


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """An Alembic configuration pointing at factdb's migrations folder."""
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` (default: the newest)."""
    from alembic import command

    cfg = alembic_config(engine)
    with write_intent(), engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()
