"""A database filled once and handed to many tests as a fresh copy.

SQLite: the filled file is copied per test. PostgreSQL: the rows of every table are kept in
memory (COPY) and written back per test with triggers off, so the audit and count triggers
neither refuse nor double what was already counted; sequences are set back too.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from factdb.db import make_engine


@dataclass
class Snapshot:
    url: str
    path: Path | None = None
    tables: dict[str, bytes] = field(default_factory=dict)
    sequences: list[tuple[str, int]] = field(default_factory=list)


def take(url: str, tables: list[str] | None = None) -> Snapshot:
    """Keep what the database at ``url`` holds now (SQLite: its file must not be in use)."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        engine = make_engine(url)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        return Snapshot(url, path=path)
    snapshot = Snapshot(url)
    connection = _raw(url)
    with connection.cursor() as cursor:
        for table in tables or []:
            data = bytearray()
            with cursor.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                for chunk in copy:
                    data += chunk
            snapshot.tables[table] = bytes(data)
        cursor.execute(
            "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences "
            "WHERE schemaname = 'public' AND last_value IS NOT NULL"
        )
        snapshot.sequences = list(cursor.fetchall())
    connection.close()
    return snapshot


def restore(snapshot: Snapshot, into: Path | None = None) -> str:
    """A database holding the snapshot again; its URL (SQLite: a copy at ``into``)."""
    if snapshot.path is not None:
        shutil.copy(snapshot.path, into)
        return f"sqlite:///{into}"
    connection = _raw(snapshot.url)
    with connection.transaction(), connection.cursor() as cursor:
        names = ", ".join(f'"{t}"' for t in snapshot.tables)
        cursor.execute(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
        cursor.execute("SET LOCAL session_replication_role = replica")
        for table, data in snapshot.tables.items():
            with cursor.copy(f'COPY "{table}" FROM STDIN (FORMAT binary)') as copy:
                copy.write(data)
        for name, value in snapshot.sequences:
            cursor.execute("SELECT setval(%s, %s, true)", (name, value))
    connection.close()
    return snapshot.url


def _raw(url: str):
    import psycopg

    plain = url.replace("postgresql+psycopg://", "postgresql://")
    return psycopg.connect(plain, autocommit=True)


def clear(url: str, tables: list[str]) -> None:
    """Empty every table (PostgreSQL), as a fresh migrated database."""
    engine = make_engine(url)
    with engine.begin() as connection:
        names = ", ".join(f'"{t}"' for t in tables)
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()
