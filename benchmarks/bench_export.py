"""Export benchmark: CSV and JSON reports of 100,000 verified claims, time and peak memory.

    python benchmarks/bench_export.py [--claims 100000] [--database-url URL]
    URL e.g. postgresql://postgres@127.0.0.1:5432/factdb_bench_export

Fills a database with bulk inserts (a temporary SQLite file by default; with --database-url,
a PostgreSQL scratch database that is created, emptied, and dropped at the end: its name must
contain "bench", so the test database is never touched), then runs each export in a fresh
process (so its peak resident memory is its own) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WORDS = ["council", "agency", "said", "budget", "figure", "rose", "fell", "percent", "million",
         "station", "report", "data"]  # fmt: skip
NOW = "2025-01-01 00:00:00.000000"
CLAIM_COLUMNS = (
    "id", "source_id", "kind", "text", "organization_id", "status", "assignee_id",
    "created_by_id", "created_at", "updated_at", "version", "decided_at", "decided_by_id",
    "excerpt_start", "excerpt_end", "excerpt_exact", "amount", "unit", "approximate",
    "excerpt_prefix", "excerpt_suffix",
)  # fmt: skip


def bench_rows(claims: int) -> dict[str, tuple[tuple[str, ...], list[tuple]]]:
    """{table: (columns, rows)} in foreign-key order: the same data for every database."""
    rng = random.Random(7)
    users = [(1, "a@example.org", "Ann", "x", "annotator", True, "t", NOW),
             (2, "r@example.org", "Rob", "x", "reviewer", True, "t2", NOW)]  # fmt: skip
    organizations = [(i, f"Organization {i}", f"organization {i}", NOW) for i in range(1, 51)]
    sources = max(1, claims // 100)
    texts, source_rows = {}, []
    for i in range(1, sources + 1):
        text = f"Source {i}. " + " ".join(rng.choice(WORDS) for _ in range(800))
        texts[i] = text
        source_rows.append((i, f"Source {i}", "Bench", f"https://bench.example.org/{i}", text,
                            hashlib.sha256(text.encode()).hexdigest(), 1, NOW, NOW))  # fmt: skip
    claim_rows, transitions, citations = [], [], []
    for i in range(1, claims + 1):
        source = rng.randint(1, sources)
        start = rng.randint(0, 3000)
        exact = texts[source][start : start + 40]
        claim_rows.append((i, source, "figure", f"Claim {i} about {exact[:20]}", rng.randint(1, 50),
                           "verified", 2, 1, NOW, NOW, 4, NOW, 2, start, start + 40, exact,
                           str(rng.randint(1, 10_000)), "events", False,
                           texts[source][max(0, start - 32) : start],
                           texts[source][start + 40 : start + 72]))  # fmt: skip
        for n, (a, b) in enumerate((("draft", "submitted"), ("submitted", "in_review"),
                                    ("in_review", "verified"))):  # fmt: skip
            transitions.append((i, a, b, 2 if n else 1, NOW, "checked" if n == 2 else None, n + 2))
        citations.append((i, f"https://evidence.example.org/{i}", "supports", 2, NOW))
    return {
        "user_account": (("id", "email", "display_name", "password_hash", "role", "active",
                          "login_token", "created_at"), users),
        "organization": (("id", "name", "normalized_name", "created_at"), organizations),
        "source": (("id", "title", "publisher", "url", "text", "sha256", "created_by_id",
                    "created_at", "retrieved_at"), source_rows),
        "claim": (CLAIM_COLUMNS, claim_rows),
        "transition": (("claim_id", "from_status", "to_status", "actor_id", "created_at", "note",
                        "version"), transitions),
        "citation": (("claim_id", "url", "stance", "added_by_id", "created_at"), citations),
    }  # fmt: skip


def fill(url: str, claims: int) -> None:
    """Migrate the empty database at ``url`` and load the bench rows into it."""
    from factdb.db import make_engine
    from factdb.migrate import upgrade

    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    tables = bench_rows(claims)
    if url.startswith("sqlite"):
        _fill_sqlite(url.removeprefix("sqlite:///"), tables)
    else:
        _fill_postgresql(url, tables)


def _fill_sqlite(path: str, tables: dict) -> None:
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    for table, (columns, rows) in tables.items():
        marks = ", ".join("?" for _ in columns)
        db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
    db.commit()
    db.close()


def _fill_postgresql(url: str, tables: dict) -> None:
    import psycopg

    with psycopg.connect(_libpq_url(url)) as db, db.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")  # the timestamps are UTC, as on SQLite
        for table, (columns, rows) in tables.items():
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    # As autovacuum would leave a live database: statistics, hint bits and the visibility map
    # set, so the first export does not pay for writing them.
    with psycopg.connect(_libpq_url(url), autocommit=True) as db:
        db.execute("VACUUM (ANALYZE)")


def _libpq_url(url: str) -> str:
    """A SQLAlchemy PostgreSQL URL as libpq takes it (no +driver)."""
    return "postgresql://" + url.split("://", 1)[1]


def scratch_postgresql(url: str) -> None:
    """Create the scratch database named in ``url`` if needed and empty it."""
    import psycopg

    server, name = _libpq_url(url).rsplit("/", 1)
    if "bench" not in name:
        sys.exit(f"refusing to use database {name!r}: give a scratch database named *bench*")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def drop_postgresql(url: str) -> None:
    import psycopg

    server, name = _libpq_url(url).rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _peak_rss_kb() -> int:
    """This process's own peak resident memory (VmHWM; ru_maxrss can carry the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(url: str, fmt: str) -> None:
    """In a child process: export, then print seconds, bytes and peak RSS as JSON."""
    from factdb import create_app
    from factdb.db import get_engine
    from factdb.services.reports import ReportFilter, export_report

    app = create_app({"DATABASE_URL": url})
    started = time.perf_counter()
    cpu_started = time.process_time()
    with app.app_context():
        publisher = {"name": "Bench", "url": "https://bench.example.org"}
        result = export_report(get_engine(app), None, ReportFilter(), fmt, publisher=publisher)
        size = sum(len(chunk) for chunk in result.chunks)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_mb = _peak_rss_kb() / 1024
    print(json.dumps({"seconds": elapsed, "cpu": cpu, "bytes": size, "peak_mb": peak_mb}))


def run_all(url: str, claims: int) -> None:
    started = time.perf_counter()
    fill(url, claims)
    print(f"filled {claims:,} claims in {time.perf_counter() - started:.1f} s "
          f"({url.split(':', 1)[0].split('+')[0]})\n")  # fmt: skip
    print("| format | claims | time (s) | CPU (s) | output (MB) | peak memory (MB) |")
    print("|---|---|---|---|---|---|")
    for fmt in ("csv", "json"):
        out = subprocess.run(
            [sys.executable, __file__, "--child", url, fmt],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {fmt} | {claims:,} | {figures['seconds']:.2f} | {figures['cpu']:.2f} | "
              f"{figures['bytes'] / 1e6:.1f} | {figures['peak_mb']:.0f} |")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument(
        "--database-url",
        help="a PostgreSQL scratch database (name containing 'bench'), created and dropped here; "
        "default: a temporary SQLite file",
    )
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(*args.child)
        return
    if args.database_url:
        from factdb.db import normalize_url

        url = normalize_url(args.database_url)
        if url.startswith("sqlite"):
            sys.exit("--database-url is for PostgreSQL; SQLite runs on a temporary file")
        scratch_postgresql(url)
        try:
            run_all(url, args.claims)
        finally:
            drop_postgresql(url)
        return
    with tempfile.TemporaryDirectory() as tmp:
        run_all(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.claims)


if __name__ == "__main__":
    main()
