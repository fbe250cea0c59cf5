"""The schema comes from the migrations, and the migrations agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from factdb.db import make_engine
from factdb.migrate import current_revision, head_revision, include_object, upgrade


def schema_diff(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_object": include_object}
        )
        return compare_metadata(context, SQLModel.metadata)


def test_models_and_migrations_agree_on_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert schema_diff(engine) == []


def test_models_and_migrations_agree_on_postgresql(scratch_postgres):
    engine = make_engine(scratch_postgres)
    try:
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert schema_diff(engine) == []
    finally:
        engine.dispose()


def test_downgrade_to_base_and_upgrade_again(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'm.sqlite3'}")
    upgrade(engine)
    upgrade_down(engine)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "claim" in inspect(engine).get_table_names()


def upgrade_down(engine):
    from alembic import command

    from factdb.migrate import alembic_config

    cfg = alembic_config(engine)
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "base")


def test_init_command_migrates_a_new_database(tmp_path):
    from factdb import create_app

    url = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    result = app.test_cli_runner().invoke(args=["init"])
    assert result.exit_code == 0, result.output
    assert f"revision {head_revision()}" in result.output
    assert "claim" in inspect(make_engine(url)).get_table_names()
