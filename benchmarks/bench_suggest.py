"""Suggestion speed: a ~5,000-word article built from the evaluation texts.

python benchmarks/bench_suggest.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from factdb.services.suggest import suggest  # noqa: E402


def article(words: int = 5000) -> str:
    texts = [
        json.loads(p.read_text())["text"]
        for p in sorted((ROOT / "tests/data/suggest").glob("*.json"))
    ]
    parts, count = [], 0
    while count < words:
        for text in texts:
            parts.append(text)
            count += len(text.split())
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = article()
    suggest(text, date(2024, 6, 1))  # warm up
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = suggest(text, date(2024, 6, 1))
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, int(len(timings) * 0.95))]
    print(f"{len(text.split()):,} words, {len(found)} suggestions, {args.runs} runs: "
          f"median {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
