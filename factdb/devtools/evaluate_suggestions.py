"""Precision and recall of the suggestions on the hand-made evaluation set.

    python -m factdb.devtools.evaluate_suggestions [DATA_DIR]

A suggestion matches a gold claim of the same kind whose span it overlaps. The set lives in
tests/data/suggest/*.json (texts written for factdb, with gold claims marked by hand); texts
marked ``held_out`` were not looked at while the rules were tuned.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from factdb.services.suggest import suggest

KINDS = ("date", "figure", "statement")
DEFAULT_DIR = Path(__file__).resolve().parents[3] / "tests" / "data" / "suggest"


def score(documents: list[dict]) -> dict[str, dict[str, float]]:
    """Per kind and overall: precision, recall and the counts behind them."""
    counts = defaultdict(lambda: {"suggested": 0, "correct": 0, "gold": 0, "found": 0})
    for doc in documents:
        published = date.fromisoformat(doc["published"]) if doc.get("published") else None
        found = suggest(doc["text"], published)
        for kind in KINDS:
            mine = [s for s in found if s.kind == kind]
            gold = [g for g in doc["gold"] if g["kind"] == kind]
            hit = lambda a, b: a[0] < b[1] and b[0] < a[1]  # noqa: E731
            counts[kind]["suggested"] += len(mine)
            counts[kind]["gold"] += len(gold)
            counts[kind]["correct"] += sum(
                any(hit((s.start, s.end), (g["start"], g["end"])) for g in gold) for s in mine
            )
            counts[kind]["found"] += sum(
                any(hit((s.start, s.end), (g["start"], g["end"])) for s in mine) for g in gold
            )
    total = {key: sum(counts[k][key] for k in KINDS) for key in counts[KINDS[0]]}
    results = {}
    for kind, c in [*((k, counts[k]) for k in KINDS), ("overall", total)]:
        results[kind] = {
            "precision": c["correct"] / c["suggested"] if c["suggested"] else 1.0,
            "recall": c["found"] / c["gold"] if c["gold"] else 1.0,
            **c,
        }
    return results


def load(directory: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(directory.glob("*.json"))]


def main(directory: Path = DEFAULT_DIR) -> None:
    documents = load(directory)
    for label, subset in (
        ("tuned", [d for d in documents if not d.get("held_out")]),
        ("held out", [d for d in documents if d.get("held_out")]),
        ("all", documents),
    ):
        if not subset:
            continue
        print(f"\n{label}: {len(subset)} text(s)")
        print(f"{'kind':<10} {'precision':>9} {'recall':>7} {'suggested':>9} {'gold':>5}")
        for kind, r in score(subset).items():
            print(
                f"{kind:<10} {r['precision']:>9.2f} {r['recall']:>7.2f}"
                f" {r['suggested']:>9} {r['gold']:>5}"
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR)
