"""Precision and recall of the suggestions: on the project's own texts and on real articles.

    python -m factdb.devtools.evaluate_suggestions [--verbose] [CORPUS_DIR]

Own texts: tests/data/suggest/*.json (written for factdb); a suggestion matches a gold claim of
the same kind whose span it overlaps. Real articles: ``../shared/corpus/suggestions/`` beside the
repository (NAME.txt + NAME.gold.json), scored by that corpus's own ``score.py`` exactly as its
``run.sh`` counts (a date with the right value and precision, a figure with the right amount and
bounds, a statement with the right speaker or organization), per kind and per article,
micro-averaged. The articles are read at run time and never copied into the repository.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from factdb.services.sources.text import normalize_text
from factdb.services.suggest import suggest

KINDS = ("date", "figure", "statement")
REPO = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO / "tests" / "data" / "suggest"
CORPUS_DIR = REPO.parent / "shared" / "corpus" / "suggestions"
TARGETS = {"date": (0.95, 0.92), "figure": (0.95, 0.95), "statement": (0.85, 0.75)}


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


def own_texts(directory: Path = DEFAULT_DIR) -> None:
    documents = load(directory)
    for label, subset in (
        ("tuned", [d for d in documents if not d.get("held_out")]),
        ("held out", [d for d in documents if d.get("held_out")]),
        ("all", documents),
    ):
        if not subset:
            continue
        print(f"\nown texts, {label}: {len(subset)} text(s)")
        print(f"{'kind':<10} {'precision':>9} {'recall':>7} {'suggested':>9} {'gold':>5}")
        for kind, r in score(subset).items():
            print(
                f"{kind:<10} {r['precision']:>9.2f} {r['recall']:>7.2f}"
                f" {r['suggested']:>9} {r['gold']:>5}"
            )


def _scorer(corpus: Path):
    spec = importlib.util.spec_from_file_location("corpus_score", corpus.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def corpus_scores(corpus: Path = CORPUS_DIR) -> tuple[dict, dict]:
    """Per article and micro-averaged counts on the real articles, as the corpus's run.sh."""
    scorer = _scorer(corpus)
    per_article, details = {}, {}
    for gold_path in sorted(corpus.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        source = gold["source"]
        text = normalize_text((corpus / source["file"]).read_text(encoding="utf-8"))
        found = [s.to_dict() for s in suggest(text, date.fromisoformat(source["published"]))]
        name = gold_path.name.removesuffix(".gold.json")
        per_article[name], details[name] = scorer.score(found, gold)
    total = {k: defaultdict(int) for k in KINDS}
    for result in per_article.values():
        for kind in KINDS:
            for key, value in result[kind].items():
                total[kind][key] += value
    return per_article, {"per_article": per_article, "total": total, "details": details}


def _pr(x: dict) -> str:
    p = f"{x['correct_suggestions'] / x['suggested']:4.2f}" if x["suggested"] else " n/a"
    r = f"{x['found'] / x['gold']:4.2f}" if x["gold"] else " n/a"
    return f"{p} {r}"


def real_articles(corpus: Path = CORPUS_DIR, verbose: bool = False) -> None:
    if not (corpus / "index.json").exists() and not list(corpus.glob("*.gold.json")):
        print(f"\nreal articles: skipped, no corpus at {corpus}")
        return
    per_article, result = corpus_scores(corpus)
    print(f"\nreal articles: {len(per_article)} in {corpus}")
    print("article".ljust(18) + "".join(f"| {k[:4]} g/f/s/ok  P    R   " for k in KINDS))
    for name, r in per_article.items():
        row = name[:18].ljust(18)
        for k in KINDS:
            x = r[k]
            row += f"| {x['gold']:3d}/{x['found']:3d}/{x['suggested']:3d}/"
            row += f"{x['correct_suggestions']:3d} {_pr(x)} "
        print(row)
    print("micro-averaged (targets P/R in brackets):")
    for k in KINDS:
        x = result["total"][k]
        p, r = TARGETS[k]
        print(
            f"  {k:10} gold {x['gold']:4d} found {x['found']:4d} suggested {x['suggested']:4d}"
            f" ok {x['correct_suggestions']:4d}  P R {_pr(x)}  [{p:.2f} {r:.2f}]"
        )
    if verbose:
        for name, detail in result["details"].items():
            for key in ("missed", "false_pos"):
                for item in detail[key]:
                    print(name, key.upper(), json.dumps(item, ensure_ascii=False)[:300])


def main(argv: list[str]) -> None:
    verbose = "--verbose" in argv
    paths = [Path(a) for a in argv if not a.startswith("--")]
    own_texts()
    real_articles(paths[0] if paths else CORPUS_DIR, verbose)


if __name__ == "__main__":
    main(sys.argv[1:])
