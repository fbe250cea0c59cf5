"""Engine, sessions and the one-transaction-per-user-action rule.

Web requests get one session each (``get_session``); it is committed when the request ends
with a status below 400 and rolled back otherwise, so a refused action leaves nothing behind
(unless a service marked the session ``keep_on_refusal``: a failed sign-in is recorded).
CLI commands and scripts use ``session_scope``. On SQLite every connection turns on foreign
keys, WAL and a busy timeout, and write transactions start with ``BEGIN IMMEDIATE`` so two
writers queue up instead of failing with "database is locked" half-way through.
"""

from __future__ import annotations

import contextvars
from collections import namedtuple
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g, request
from sqlalchemy import Engine, Select, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

_write_intent: contextvars.ContextVar[bool] = contextvars.ContextVar("write_intent", default=False)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def default_sqlite_url(instance_path: str) -> str:
    """The embedded default: a SQLite file under the instance folder."""
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{Path(instance_path) / 'factdb.sqlite3'}"


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def make_engine(url: str, *, busy_timeout_ms: int = 10_000, echo: bool = False) -> Engine:
    """An engine for ``url`` with factdb's connection settings."""
    url = normalize_url(url)
    # hide_parameters: error messages and logs never carry the values users typed.
    if make_url(url).get_backend_name() != "sqlite":
        engine = create_engine(url, echo=echo, pool_pre_ping=True, hide_parameters=True)
        _configure_postgresql(engine)
        return engine
    # Connections are renewed hourly: a SQLite connection reads the planner's statistics when
    # it opens, and the job worker refreshes them hourly (refresh_statistics).
    engine = create_engine(
        url,
        echo=echo,
        hide_parameters=True,
        connect_args={"check_same_thread": False},
        pool_recycle=3600,
    )
    _configure_sqlite(engine, busy_timeout_ms)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Statements run often are prepared on the server (psycopg), and PostgreSQL would then
        # plan them once for any parameter: a search plan made for a word in half the claims
        # (a full scan) was reused for a word in a hundred, 15 ms becoming 190 ms. Each
        # execution is planned for its own parameters instead. (A SET, not a startup option,
        # so options given in the URL or PGOPTIONS are kept.)
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_custom_plan")
        dbapi_connection.commit()


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event (below) emit BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # An AUTOCOMMIT connection (ANALYZE, VACUUM) runs each statement on its own: a BEGIN
        # here would hold its work in a transaction that closing the connection rolls back.
        if connection.get_execution_options().get("isolation_level") == "AUTOCOMMIT":
            return
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_intent.get() else "BEGIN")


def create_postgres_database(url: str) -> None:
    """Create the PostgreSQL database named in ``url`` on its server, unless it exists."""
    target = make_url(normalize_url(url))
    admin = make_engine(target.set(database="postgres").render_as_string(hide_password=False))
    try:
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %(name)s", {"name": target.database}
            ).first()
            if not exists:
                connection.exec_driver_sql(f'CREATE DATABASE "{target.database}"')
    finally:
        admin.dispose()


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


@contextmanager
def recording_session(session: Session) -> Iterator[Session]:
    """Where to record something incidental to a read (an API token's last use, re-checks
    fallen due noted as the inbox is read, a long source's suggestions job started on its
    first view): ``session`` itself when its transaction writes anyway, else a short
    transaction of its own, committed when the block ends. On SQLite a read transaction that
    starts writing fails at once ("database is locked") when another connection committed
    since it began, and one that begins as a writer would hold the write lock for the whole
    page. ``session``'s read-only transaction is then ended, so what the request reads next
    (the notes just written) starts after it; it must hold no changes."""
    if _write_intent.get():
        yield session
        return
    with session_scope(session.get_bind()) as own:
        yield own
    session.commit()


def result_converters(types: list, description, dialect) -> list[tuple[int, Callable]]:
    """``(position, converter)`` of each of the first ``len(types)`` columns a driver's cursor
    returns whose type converts the driver's value (``types``: the columns' types for
    ``dialect``; ``description``: the cursor's, whose type codes say what the driver already
    did), as a Core execution converts it; columns needing nothing are left out."""
    processors = (
        kind.result_processor(dialect, column[1])
        for kind, column in zip(types, description, strict=False)
    )
    return [(i, process) for i, process in enumerate(processors) if process is not None]


class _DirectStatement:
    """A SELECT compiled for one dialect: its SQL, how to pass its parameters, and (after its
    first run, from the cursor's description) how to convert each column as SQLAlchemy
    would."""

    def __init__(self, statement: Select, dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        if compiled.post_compile_params:
            raise ValueError("a direct read takes plain parameters (no expanding IN lists)")
        self.statement = statement  # kept: the cache is keyed by its id
        self.compiled = compiled
        self.sql = compiled.string
        self.positions = compiled.positiontup if compiled.positional else None
        self.bind_processors = {
            name: process
            for bind, name in compiled.bind_names.items()
            if (process := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        names = [str(column.key) for column in statement.selected_columns]
        self.row = namedtuple("Row", names, rename=True)  # repeated names become _<position>
        self.types = [column.type.dialect_impl(dialect) for column in statement.selected_columns]
        self.converting: list | None = None

    def parameters(self, params: dict):
        values = self.compiled.construct_params(params)
        for name, process in self.bind_processors.items():
            values[name] = process(values[name])
        return values if self.positions is None else [values[name] for name in self.positions]

    def rows(self, cursor, dialect) -> list:
        if self.converting is None:
            self.converting = result_converters(self.types, cursor.description, dialect)
        fetched = cursor.fetchall()
        if not fetched:
            return []
        if not self.converting:
            return list(map(self.row._make, fetched))
        # Column by column: each converter runs over its column in one pass.
        columns = list(zip(*fetched, strict=True))
        for i, process in self.converting:
            columns[i] = map(process, columns[i])
        return list(map(self.row, *columns))


_direct: dict[tuple[int, str], _DirectStatement] = {}
DIRECT_STATEMENTS_KEPT = 256


def direct_rows(session: Session, statement: Select, params: dict) -> list:
    """The rows of ``statement`` in ``session``'s transaction, run on the driver's cursor.

    For the few reads every page repeats, where SQLAlchemy's work around a statement costs
    several times the database's: ``statement`` is compiled once per dialect (it must be built
    once, and take plain parameters, no expanding ``IN``), and each value is converted by its
    column type's result processor, as a Core execution would (timestamps aware, booleans,
    decimals). Rows are named tuples of the selected columns' keys (a repeated key is
    ``_<position>``). Pending ORM changes are flushed first; the engine's
    ``before_cursor_execute`` listeners see the statement (SQL echo does not).
    Raises ValueError for an expanding parameter; the driver's errors are raised as
    SQLAlchemy's ``DBAPIError`` classes, as an execution through SQLAlchemy raises them.
    """
    session.flush()
    connection = session.connection()
    dialect = connection.dialect
    key = (id(statement), dialect.name)
    direct = _direct.get(key)
    if direct is None or direct.statement is not statement:
        if len(_direct) >= DIRECT_STATEMENTS_KEPT:  # statements built per call: not kept
            _direct.clear()
        direct = _direct[key] = _DirectStatement(statement, dialect)
    parameters = direct.parameters(params)
    driver = connection.connection.driver_connection
    cursor = driver.cursor()
    try:
        if connection.dispatch.before_cursor_execute:
            connection.dispatch.before_cursor_execute(
                connection, cursor, direct.sql, parameters, None, False
            )
        cursor.execute(direct.sql, parameters)
        return direct.rows(cursor, dialect)
    except dialect.loaded_dbapi.Error as error:
        # As SQLAlchemy reports it (a locked, read-only or lost database is handled by its
        # exception class), and a lost connection is not handed out again.
        lost = dialect.is_disconnect(error, driver, cursor)
        if lost:
            connection.invalidate(error)
        raise DBAPIError.instance(
            direct.sql,
            parameters,
            error,
            dialect.loaded_dbapi.Error,
            hide_parameters=True,
            connection_invalidated=lost,
            dialect=dialect,
        ) from error
    finally:
        cursor.close()


@contextmanager
def write_intent(enabled: bool = True) -> Iterator[None]:
    """Mark the transactions begun inside this block as writers (BEGIN IMMEDIATE on SQLite)."""
    token = _write_intent.set(enabled)
    try:
        yield
    finally:
        _write_intent.reset(token)


@contextmanager
def session_scope(engine: Engine, *, write: bool = True) -> Iterator[Session]:
    """One transaction: commit when the block ends normally, roll back on any exception."""
    with write_intent(write), Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


# --- Flask integration ---------------------------------------------------------------------


def init_app(app: Flask) -> None:
    url = app.config.get("DATABASE_URL") or default_sqlite_url(app.instance_path)
    app.config["DATABASE_URL"] = normalize_url(url)
    app.extensions["factdb.engine"] = make_engine(
        app.config["DATABASE_URL"],
        busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"],
        echo=app.config["SQL_ECHO"],
    )
    app.before_request(_mark_write_intent)
    app.after_request(_finish_transaction)
    app.teardown_request(_close_session)
    # A session opened outside a request (a job, a command) ends with its app context.
    app.teardown_appcontext(_close_session)


def get_engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["factdb.engine"]


def get_session() -> Session:
    """The session of the current request (or app context), created on first use."""
    if "db_session" not in g:
        g.db_session = Session(get_engine(), expire_on_commit=False)
    return g.db_session


def discard_request_session() -> None:
    """Roll back and drop this request's session; later reads in it start a fresh, read-only
    transaction (for an error page after the database refused to write)."""
    _write_intent.set(False)
    session = g.pop("db_session", None)
    if session is not None:
        # close() rolls the connection back and detaches the objects without expiring them,
        # so the signed-in user can still be shown on the error page.
        session.close()


def _mark_write_intent() -> None:
    _write_intent.set(request.method not in SAFE_METHODS)


def _finish_transaction(response):
    _write_intent.set(False)
    session = g.pop("db_session", None)
    if session is not None:
        try:
            # A refusal may still have something to keep: a failed sign-in, its security event.
            if response.status_code < 400 or session.info.get("keep_on_refusal"):
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()
    return response


def _close_session(_exc: BaseException | None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        session.rollback()
        session.close()
    _write_intent.set(False)
