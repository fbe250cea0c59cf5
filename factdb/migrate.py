"""Running the Alembic migrations in migrations/ against an engine."""

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from factdb.db import write_intent
from factdb.resources import resource_dir


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Which database objects autogenerate compares with the models.

    Objects the models do not describe (search indexes kept by triggers, for example) are
    listed here so that "models and migrations agree" stays a meaningful check.
    """
    return name not in UNMODELLED_OBJECTS


# Database objects created by migrations on purpose but absent from the SQLModel metadata.
UNMODELLED_OBJECTS: frozenset[str] = frozenset()


def alembic_config(engine: Engine | None = None) -> AlembicConfig:
    """An Alembic configuration pointing at factdb's migrations folder."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resource_dir("migrations")))
    if engine is not None:
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database behind ``engine`` to ``revision`` (default: the newest)."""
    cfg = alembic_config(engine)
    with write_intent(), engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
