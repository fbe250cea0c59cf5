"""Suggestion speed: a 10,000- and a 1,000,000-character source in the same run.

python benchmarks/bench_suggest.py [--sizes 10000 1000000] [--runs 10]

The sources are built at run time by repeating the real articles in ../shared/corpus/
suggestions/ beside the repository (the project's own evaluation texts when that is absent),
so the text has the density of claims of real news. Time should grow linearly with the text:
the 1,000,000-character source may cost at most 150x the 10,000-character one.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factdb.services.suggest import suggest  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "suggestions"


def texts() -> tuple[str, list[str]]:
    articles = sorted(CORPUS.glob("*.txt"))
    if articles:
        return "real articles", [p.read_text(encoding="utf-8") for p in articles]
    own = sorted((ROOT / "tests/data/suggest").glob("*.json"))
    return "own evaluation texts", [json.loads(p.read_text())["text"] for p in own]


def source(size: int, parts: list[str]) -> str:
    built, length = [], 0
    while length < size:
        for part in parts:
            built.append(part)
            length += len(part) + 2
    return "\n\n".join(built)[:size]


def best_of(text: str, runs: int) -> tuple[float, int]:
    timings, found = [], []
    for _ in range(runs):
        started = time.perf_counter()
        found = suggest(text, date(2019, 11, 19))
        timings.append(time.perf_counter() - started)
    return min(timings), len(found)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    label, parts = texts()
    print(f"sources built from the {label}")
    results = []
    for size in args.sizes:
        # Best of several runs for small sources, where a busy machine skews one run most.
        seconds, count = best_of(source(size, parts), args.runs if size <= 100_000 else 2)
        results.append(seconds)
        print(f"{size:>10,} characters: {seconds * 1000:9.0f} ms, {count:,} suggestions")
    if len(results) >= 2:
        growth = args.sizes[-1] / args.sizes[0]
        print(f"time x{results[-1] / results[0]:.0f} for text x{growth:.0f} (target <= x150)")


if __name__ == "__main__":
    main()
