"""PDF report layout time: one verified claim with a 100- and a 3,000-character excerpt, and
a report of 200 claims. Layout should grow linearly with the content.

    python benchmarks/bench_pdf.py [--runs 3] [--lengths 100,3000] [--claims 200]

Each report is rendered ``--runs`` times in a fresh temporary SQLite database; the table
shows the best time (the least disturbed by other work on the machine).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factdb import create_app  # noqa: E402
from factdb.db import get_engine, session_scope  # noqa: E402
from factdb.devtools.report_data import prose, report_users, verified_claim  # noqa: E402
from factdb.migrate import upgrade  # noqa: E402
from factdb.services.reports import ReportFilter, export_report  # noqa: E402


def pdf_seconds(tmp: str, name: str, excerpts: list[str], runs: int) -> tuple[float, int]:
    """Best time to render the report of one verified claim per excerpt, and its bytes."""
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/{name}.sqlite3"})
    engine = get_engine(app)
    upgrade(engine)
    with session_scope(engine) as session:
        annotator, reviewer = report_users(session)
        for n, excerpt in enumerate(excerpts):
            verified_claim(session, annotator, reviewer, excerpt, title=f"Statement {n}")
    best, size = float("inf"), 0
    with app.test_request_context():
        for _ in range(runs):
            started = time.perf_counter()
            result = export_report(engine, None, ReportFilter(), "pdf")
            size = len(b"".join(result.chunks))
            best = min(best, time.perf_counter() - started)
    engine.dispose()
    return best, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lengths", default="100,3000", help="excerpt lengths in characters")
    parser.add_argument("--claims", type=int, default=200, help="claims in the large report")
    args = parser.parse_args()
    lengths = [int(n) for n in args.lengths.split(",")]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pdf_seconds(tmp, "warm-up", [prose(100)], 1)  # loads WeasyPrint and the fonts
        for length in lengths:
            seconds, size = pdf_seconds(tmp, f"one-{length}", [prose(length)], args.runs)
            rows.append((f"1 claim, {length:,}-character excerpt", seconds, size))
        excerpts = [prose(300, seed=n) for n in range(args.claims)]
        seconds, size = pdf_seconds(tmp, "many", excerpts, max(1, args.runs // 3))
        rows.append((f"{args.claims} claims, 300-character excerpts", seconds, size))
    print("| PDF report | seconds | bytes |")
    print("|---|---:|---:|")
    for label, seconds, size in rows:
        print(f"| {label} | {seconds:.2f} | {size:,} |")
    if len(lengths) >= 2:
        ratio = rows[len(lengths) - 1][1] / rows[0][1]
        print(f"\n{lengths[-1]:,} vs {lengths[0]:,} characters: {ratio:.1f}× (target ≤ 3×)")


if __name__ == "__main__":
    main()
