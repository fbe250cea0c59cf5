"""`make bench`: fill the benchmark databases once, measure them, run the load test, and write
docs/benchmarks.md.

    python benchmarks/run.py [--claims 1000000] [--sources 100000]
        [--sqlite instance/bench/claims-1000000.sqlite3]
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/factdb_bench]
        [--out docs/benchmarks.md] [--load-seconds 60] [--skip-load]

A database that already holds the benchmark data is reused (filling 300,000 claims takes
minutes). PostgreSQL is skipped, with the reason, when no server answers.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FACTDB = str(Path(sys.executable).with_name("factdb"))
PYTHON = sys.executable
POSTGRES_BENCH_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/factdb_bench"


def claim_count(url: str) -> int | None:
    """How many claims the database holds, or None when it is not migrated."""
    from sqlalchemy import inspect, text

    from factdb.db import make_engine

    engine = make_engine(url)
    try:
        if "claim" not in inspect(engine).get_table_names():
            return None
        with engine.connect() as connection:
            return connection.execute(text("SELECT count(*) FROM claim")).scalar()
    finally:
        engine.dispose()


def ensure_postgres_database(url: str) -> str | None:
    """Create the benchmark database on the server if needed; the reason when unreachable."""
    from factdb.db import create_postgres_database

    try:
        create_postgres_database(url)
    except Exception as exc:  # any failure means "no server here"
        return f"PostgreSQL not reachable at {url}: {type(exc).__name__}"
    return None


def prepare(url: str, claims: int, sources: int) -> None:
    env = {**os.environ, "FACTDB_DATABASE_URL": url}
    subprocess.run([FACTDB, "init"], env=env, check=True)
    have = claim_count(url) or 0
    if have >= claims:
        print(f"reusing {url} ({have:,} claims)", flush=True)
        return
    if have:
        raise SystemExit(f"error: {url} holds {have:,} claims, fewer than {claims:,}: "
                         "empty it or choose another database")  # fmt: skip
    subprocess.run([FACTDB, "bench-data", "--claims", str(claims), "--sources", str(sources)],
                   env=env, check=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=300_000)
    parser.add_argument("--sources", type=int, default=30_000)
    parser.add_argument("--sqlite", type=Path)
    parser.add_argument("--postgres", default=POSTGRES_BENCH_URL)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument(
        "--datasette", type=Path, default=ROOT / ".venv-bench" / "bin" / "datasette"
    )
    parser.add_argument("--skip-peers", action="store_true", help="no Datasette / sqlite3 run")
    args = parser.parse_args()
    sqlite_path = args.sqlite or ROOT / "instance" / "bench" / f"claims-{args.claims}.sqlite3"
    sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    sqlite_url = f"sqlite:///{sqlite_path.resolve()}"
    partial = args.out.with_suffix(".partial")
    partial.write_text(
        "# Benchmarks\n\n"
        f"Written by `make bench` on {datetime.now(UTC):%Y-%m-%d}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {args.claims:,} claims in {args.sources:,} "
        "sources made by `factdb bench-data`. Server time is measured through the Flask test "
        'client (no network); "raw SQL" replays the statements each page ran directly on a '
        'DBAPI connection, so "app / SQL" is what factdb adds on top of the database.\n\n'
        "Targets (SQLite, 1,000,000 claims): claims list and claim page p95 under 30 ms and at "
        "most 3× the raw SQL; search p95 under 50 ms; export of 100,000 claims under 10 s and "
        "200 MB; the load test with 0 errors and 0 lost updates.\n\n"
    )
    targets = [("SQLite", sqlite_url)]
    reason = ensure_postgres_database(args.postgres)
    if reason:
        print(reason, flush=True)
    else:
        targets.append(("PostgreSQL", args.postgres))
    for name, url in targets:
        prepare(url, args.claims, args.sources)
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "bench.py"), "--database-url", url,
                        "--runs", str(args.runs), "--label", f"{name}, {args.claims:,} claims",
                        "--out", str(partial)], check=True)  # fmt: skip
    if not args.skip_peers:
        subprocess.run([PYTHON, str(ROOT / "benchmarks" / "peers.py"), "--database-url", sqlite_url,
                        "--datasette", str(args.datasette), "--out", str(partial)], check=True)  # fmt: skip
    if reason:
        with partial.open("a") as handle:
            handle.write(f"### PostgreSQL\n\nNot measured: {reason}.\n\n")
    if not args.skip_load:
        load = subprocess.run(
            [PYTHON, str(ROOT / "benchmarks" / "load.py"), "--database-url", sqlite_url,
             "--seconds", str(args.load_seconds)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        print(load.stdout, flush=True)
        with partial.open("a") as handle:
            handle.write(
                f"### Load test (SQLite, {args.claims:,} claims)\n\n"
                "`python benchmarks/load.py`: gunicorn with 2 workers on 127.0.0.1; 16 "
                "simulated reviewers, each signed in to the web UI and holding an API token, "
                "mixing page reads, API reads, searches and workflow transitions (take a "
                f"submitted claim, then verify it with a citation or release it) for "
                f"{args.load_seconds} s. Client time, network included; the client runs on "
                "the same 2 cores.\n\n" + load.stdout + "\n"
            )  # fmt: skip
    partial.replace(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
