"""Export benchmark: CSV and JSON reports of 100,000 verified claims, time and peak memory.

    python benchmarks/bench_export.py [--claims 100000]

Fills a temporary SQLite database with bulk inserts, then runs each export in a fresh
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


def fill(path: Path, claims: int) -> None:
    from factdb.db import make_engine
    from factdb.migrate import upgrade

    upgrade(make_engine(f"sqlite:///{path}"))
    rng = random.Random(7)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    now = "2025-01-01 00:00:00.000000"
    db.execute(
        "INSERT INTO user_account (id, email, display_name, password_hash, role, active, "
        "login_token, created_at) VALUES (1, 'a@example.org', 'Ann', 'x', 'annotator', 1, 't', ?),"
        " (2, 'r@example.org', 'Rob', 'x', 'reviewer', 1, 't2', ?)",
        (now, now),
    )
    db.executemany(
        "INSERT INTO organization (id, name, normalized_name, created_at) VALUES (?, ?, ?, ?)",
        [(i, f"Organization {i}", f"organization {i}", now) for i in range(1, 51)],
    )
    sources = max(1, claims // 100)
    texts = {}
    rows = []
    for i in range(1, sources + 1):
        text = f"Source {i}. " + " ".join(rng.choice(WORDS) for _ in range(800))
        texts[i] = text
        rows.append((i, f"Source {i}", "Bench", f"https://bench.example.org/{i}", text,
                     hashlib.sha256(text.encode()).hexdigest(), 1, now, now))  # fmt: skip
    db.executemany(
        "INSERT INTO source (id, title, publisher, url, text, sha256, created_by_id, created_at,"
        " retrieved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    claim_rows, transitions, citations = [], [], []
    for i in range(1, claims + 1):
        source = rng.randint(1, sources)
        start = rng.randint(0, 3000)
        exact = texts[source][start : start + 40]
        claim_rows.append((i, source, "figure", f"Claim {i} about {exact[:20]}", rng.randint(1, 50),
                           "verified", 2, 1, now, now, 4, now, 2, start, start + 40, exact,
                           str(rng.randint(1, 10_000)), "events", 0,
                           texts[source][max(0, start - 32) : start],
                           texts[source][start + 40 : start + 72]))  # fmt: skip
        for n, (a, b) in enumerate((("draft", "submitted"), ("submitted", "in_review"),
                                    ("in_review", "verified"))):  # fmt: skip
            transitions.append((i, a, b, 2 if n else 1, now, "checked" if n == 2 else None, n + 2))
        citations.append((i, f"https://evidence.example.org/{i}", "supports", 2, now))
    db.executemany(
        "INSERT INTO claim (id, source_id, kind, text, organization_id, status, assignee_id,"
        " created_by_id, created_at, updated_at, version, decided_at, decided_by_id,"
        " excerpt_start, excerpt_end, excerpt_exact, amount, unit, approximate, excerpt_prefix,"
        " excerpt_suffix) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        claim_rows,
    )
    db.executemany(
        "INSERT INTO transition (claim_id, from_status, to_status, actor_id, created_at, note,"
        " version) VALUES (?, ?, ?, ?, ?, ?, ?)",
        transitions,
    )
    db.executemany(
        "INSERT INTO citation (claim_id, url, stance, added_by_id, created_at)"
        " VALUES (?, ?, ?, ?, ?)",
        citations,
    )
    db.commit()
    db.close()


def _peak_rss_kb() -> int:
    """This process's own peak resident memory (VmHWM; ru_maxrss can carry the parent's)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run_one(path: str, fmt: str) -> None:
    """In a child process: export, then print seconds, bytes and peak RSS as JSON."""
    from factdb import create_app
    from factdb.db import get_engine
    from factdb.services.reports import ReportFilter, export_report

    app = create_app({"DATABASE_URL": f"sqlite:///{path}"})
    started = time.perf_counter()
    with app.app_context():
        publisher = {"name": "Bench", "url": "https://bench.example.org"}
        result = export_report(get_engine(app), None, ReportFilter(), fmt, publisher=publisher)
        size = sum(len(chunk) for chunk in result.chunks)
    elapsed = time.perf_counter() - started
    peak_mb = _peak_rss_kb() / 1024
    print(json.dumps({"seconds": elapsed, "bytes": size, "peak_mb": peak_mb}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        run_one(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        fill(path, args.claims)
        print(f"filled {args.claims:,} claims in {time.perf_counter() - started:.1f} s\n")
        print("| format | claims | time (s) | output (MB) | peak memory (MB) |")
        print("|---|---|---|---|---|")
        for fmt in ("csv", "json"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(path), fmt],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            figures = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"| {fmt} | {args.claims:,} | {figures['seconds']:.2f} | "
                  f"{figures['bytes'] / 1e6:.1f} | {figures['peak_mb']:.0f} |")  # fmt: skip


if __name__ == "__main__":
    main()
