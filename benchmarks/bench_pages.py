"""Server time of the main web pages on the demo data, through the test client.

python benchmarks/bench_pages.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.demo import load_demo
from factdb.migrate import upgrade

PAGES = [
    ("dashboard", "/"),
    ("sources list", "/sources"),
    ("source reader (with suggestions)", "/sources/1"),
    ("claims list", "/claims"),
    ("claims list, filtered", "/claims?status=verified&organization=1&q=quay"),
    ("claim page", "/claims/1"),
    ("claim form", "/sources/1/claims/new?start=10&end=60"),
    ("organization page", "/organizations/1"),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/pages.sqlite3",
                          "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})  # fmt: skip
        upgrade(get_engine(app))
        with session_scope(get_engine(app)) as session:
            load_demo(session)
        client = app.test_client()
        client.post("/login", data={"email": "editor@example.org", "password": "demo-editor-pass"})
        print("| page | median (ms) | p95 (ms) |")
        print("|---|---|---|")
        for name, path in PAGES:
            timings = []
            for _ in range(args.runs):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (path, response.status_code)
            timings.sort()
            p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
            print(f"| {name} | {statistics.median(timings):.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()
