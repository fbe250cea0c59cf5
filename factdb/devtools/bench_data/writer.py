"""Writing bench rows in bulk: multi-row INSERTs on SQLite, COPY on PostgreSQL, batch by batch
in transactions of a bounded size, with progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Connection, Engine, select, text

from factdb.db import write_intent
from factdb.devtools.bench_data.cast import (
    DEFAULT_BATCH,
    ROWS_PER_STATEMENT,
    SQLITE_MAX_VARIABLES,
    TRANSACTION_CLAIMS,
    Cast,
    Org,
    bench_organizations,
    bench_users,
    check_migrated,
    check_plan,
    slugify,
)
from factdb.devtools.bench_data.trails import generate
from factdb.devtools.bench_data.vocabulary import EPOCH
from factdb.models import (
    Citation,
    Claim,
    ClaimEvent,
    Comment,
    Organization,
    OrganizationAlias,
    Source,
    Transition,
    User,
    normalize_name,
)
from factdb.services.search.index import index_claims, index_sources

# Tables in foreign-key order: a batch is written parent tables first.
TABLES = {m.__tablename__: m.__table__ for m in (Source, Claim, Citation, Comment, Transition)}
TABLES["claim_event"] = ClaimEvent.__table__
ALL_TABLES = ("user_account", "organization", "organization_alias", *TABLES)


def prepare_cast(connection: Connection, inserted: dict[str, int]) -> Cast:
    """Insert the bench users, organizations and aliases that are missing; return them all.

    Rules: users are matched by email, organizations by normalized name; an alias is added
    only if no organization has it as a name or alias yet; ``inserted`` counts new rows.
    """
    users = bench_users()
    emails = _ids_by(connection, User.__table__.c.email, [u["email"] for u in users])
    _insert(connection, "user_account", [u for u in users if u["email"] not in emails], inserted)
    emails = _ids_by(connection, User.__table__.c.email, [u["email"] for u in users])
    by_role: dict[str, list[int]] = {"annotator": [], "reviewer": [], "editor": []}
    for user in users:
        by_role[user["role"]].append(emails[user["email"]])
    organizations = bench_organizations()
    column = Organization.__table__.c.normalized_name
    keys = [normalize_name(name) for name, _ in organizations]
    existing = _ids_by(connection, column, keys)
    created = EPOCH - timedelta(days=60)
    new = [
        {"name": name, "normalized_name": key, "created_at": created}
        for (name, _), key in zip(organizations, keys, strict=True)
        if key not in existing
    ]
    _insert(connection, "organization", new, inserted)
    ids = _ids_by(connection, column, keys)
    alias_keys = [normalize_name(a) for _, aliases in organizations for a in aliases]
    used = set(_ids_by(connection, OrganizationAlias.__table__.c.normalized_alias, alias_keys))
    used |= set(_ids_by(connection, column, alias_keys))
    _insert(
        connection,
        "organization_alias",
        [
            {"organization_id": ids[key], "alias": alias, "normalized_alias": normalize_name(alias)}
            for (_, aliases), key in zip(organizations, keys, strict=True)
            for alias in aliases
            if normalize_name(alias) not in used
        ],
        inserted,
    )
    reviewers = by_role["reviewer"] + by_role["editor"]
    return Cast(
        creators=tuple(by_role["annotator"] * 7 + reviewers),
        reviewers=tuple(reviewers),
        editors=tuple(by_role["editor"]),
        organizations=tuple(
            Org(ids[key], name, slugify(name))
            for (name, _), key in zip(organizations, keys, strict=True)
        ),
    )


def _ids_by(connection: Connection, column, values: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(values), 500):
        where = column.in_(values[start : start + 500])
        found.update(dict(connection.execute(select(column, column.table.c.id).where(where)).all()))
    return found


@dataclass
class FillSummary:
    """Rows inserted per table and how long it took."""

    rows: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ALL_TABLES, 0))
    seconds: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _insert(connection: Connection, table: str, rows: list[dict], counts: dict) -> None:
    """Plain INSERTs (COPY on PostgreSQL), so the tables' triggers fire for every row."""
    if not rows:
        return
    counts[table] = counts.get(table, 0) + len(rows)
    if connection.dialect.name == "postgresql":
        _copy(connection, table, rows)
        return
    columns, names = Source.metadata.tables[table].columns, list(rows[0])
    # SQLAlchemy's own bind processors, so values are stored exactly as the ORM stores them.
    plan = [(name, columns[name].type.dialect_impl(connection.dialect)) for name in names]
    plan = [(name, kind.bind_processor(connection.dialect)) for name, kind in plan]
    values = [
        row[name] if f is None or row[name] is None else f(row[name])
        for row in rows
        for name, f in plan
    ]
    # Many rows per statement: SQLite's FTS5 flushes its pending index at every statement
    # boundary, so one row per statement (executemany) is several times slower with triggers.
    width, per = len(names), max(1, min(ROWS_PER_STATEMENT, SQLITE_MAX_VARIABLES // len(names)))
    quoted = ", ".join(f'"{name}"' for name in names)
    head = f'INSERT INTO "{table}" ({quoted}) VALUES '
    one = f"({', '.join('?' * width)})"
    for first in range(0, len(rows), per):
        count = min(per, len(rows) - first)
        chunk = tuple(values[first * width : (first + count) * width])
        connection.exec_driver_sql(head + ", ".join([one] * count), chunk)


def _copy(connection: Connection, table: str, rows: list[dict]) -> None:
    """COPY FROM STDIN: PostgreSQL's bulk path; row triggers still fire."""
    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    cursor = connection.connection.driver_connection.cursor()
    with cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])


def _batches(stream: Iterator[list], sources: int, batch_size: int) -> Iterator[dict]:
    """The rows of the next ``sources`` sources, per table, about ``batch_size`` at a time."""
    buffers: dict[str, list[dict]] = {name: [] for name in TABLES}
    for _ in range(sources):
        for table, row in next(stream):
            buffers[table].append(row)
        if any(len(rows) >= batch_size for rows in buffers.values()):
            yield buffers
            buffers = {name: [] for name in TABLES}
    if buffers["source"]:
        yield buffers


def _ahead(items: Iterator[dict]) -> Iterator[dict]:
    """``items``, each made in a worker thread while the caller writes the previous one.

    SQLite and psycopg release the GIL while the database works, so generating the next batch
    overlaps with writing this one.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(next, items, None)
        while (item := pending.result()) is not None:
            pending = pool.submit(next, items, None)
            yield item


@contextmanager
def _bulk_transaction(engine: Engine, next_ids: dict[str, int]) -> Iterator[Connection]:
    """A write transaction that owns the ids it uses: ``next_ids`` moves past existing rows.

    On PostgreSQL the tables are locked against other writers (readers go on), ids start after
    both the newest row and the sequence, and the sequences move past the new rows before
    commit; on SQLite, BEGIN IMMEDIATE keeps other writers out.
    """
    postgres = engine.dialect.name == "postgresql"
    tables = [f'"{name}"' for name in TABLES]
    with write_intent(), engine.begin() as connection:
        if postgres:
            connection.execute(text(f"LOCK TABLE {', '.join(tables)} IN SHARE ROW EXCLUSIVE MODE"))
        else:  # a larger page cache keeps the claim table's many indexes in memory
            connection.exec_driver_sql("PRAGMA cache_size = -262144")
        for name, table in zip(TABLES, tables, strict=True):
            free = f"SELECT coalesce(max(id), 0) + 1 FROM {table}"
            if postgres:  # the sequence may be ahead of max(id), never use its values twice
                free = (
                    f"SELECT greatest(({free}), nextval(pg_get_serial_sequence('{table}', 'id')))"
                )
            next_ids[name] = max(next_ids[name], connection.execute(text(free)).scalar_one())
        yield connection
        if postgres:
            for name, table in zip(TABLES, tables, strict=True):
                connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), :last, :used)"),
                    {"last": max(next_ids[name] - 1, 1), "used": next_ids[name] > 1},
                )
        else:
            connection.exec_driver_sql("PRAGMA cache_size = -2000")


def fill(
    engine: Engine,
    claims: int,
    sources: int,
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
    batch_size: int = DEFAULT_BATCH,
) -> FillSummary:
    """Add ``sources`` synthetic sources carrying ``claims`` claims, with their trails.

    Rules: see ``check_plan`` and ``check_migrated`` (nothing is written when they refuse);
    the bench users and organizations are added once and reused; ids continue after the rows
    already there; each transaction holds whole sources with every row of their claims, so an
    interrupted run leaves consistent data; ``progress`` is called with claims written.
    """
    check_plan(claims, sources, batch_size)
    check_migrated(engine)
    started = time.perf_counter()
    summary = FillSummary()
    with write_intent(), engine.begin() as connection:
        cast = prepare_cast(connection, summary.rows)
    stream, next_ids = None, dict.fromkeys(TABLES, 1)
    per_transaction = max(1, TRANSACTION_CLAIMS * sources // claims)
    for first in range(0, sources, per_transaction):
        with _bulk_transaction(engine, next_ids) as connection:
            stream = stream or generate(seed, cast, next_ids, claims, sources)
            chunk = min(per_transaction, sources - first)
            for batch in _ahead(_batches(stream, chunk, batch_size)):
                for table, rows in batch.items():
                    _insert(connection, table, rows, summary.rows)
                # Bulk inserts bypass the ORM flush that keeps the search index current.
                index_sources(connection, [row["id"] for row in batch.get("source", [])])
                index_claims(connection, [row["id"] for row in batch.get("claim", [])])
                if progress is not None:
                    progress(len(batch["claim"]))
    summary.seconds = time.perf_counter() - started
    return summary
