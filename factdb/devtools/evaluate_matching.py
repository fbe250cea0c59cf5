"""Recall@5 and time per query of the claim-matching engines on the evaluation pairs.

    python -m factdb.devtools.evaluate_matching [--verbose] [CORPUS_DIR]

Each pair of ``data/matching_pairs.json`` names a claim in an article of ``../shared/corpus/``
(file and code point offsets) and a paraphrase of it written for factdb. The articles are read
at run time, never copied into the repository. Every sentence of every article (the pairs'
articles and the extraction corpus's article texts, as distractors) becomes a claim in a
scratch SQLite database, created through the services; then each paraphrase is asked for as
a draft and counts as found when its claim is among the top 5. The lexical and the semantic
engine are measured side by side; the semantic one is skipped, saying why, when its extra
(``pip install factdb[semantic]``) is not installed.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.migrate import upgrade
from factdb.models import Claim
from factdb.services.accounts.users import create_user
from factdb.services.review.claims import create_claim
from factdb.services.sources.documents import create_source
from factdb.services.suggest.text import sentences
from factdb.services.tracking import embeddings
from factdb.services.tracking.matching import DraftClaim, similar_claims

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO.parent / "shared" / "corpus"
PAIRS = Path(__file__).resolve().parent / "data" / "matching_pairs.json"
TOP = 5
MIN_SENTENCE = 25  # characters; shorter lines are bylines and captions, not claims


def articles(corpus: Path, pairs: list[dict]) -> list[Path]:
    """The pairs' articles first, then the extraction corpus's article texts (distractors)."""
    named = sorted({corpus / pair["article"] for pair in pairs})
    return named + sorted(set((corpus / "extraction").glob("*.expected.txt")) - set(named))


def load_claims(session, user, corpus: Path, pairs: list[dict]) -> dict[int, int]:
    """Every article's sentences as statement claims; returns pair index -> its claim id."""
    targets: dict[int, int] = {}
    for path in articles(corpus, pairs):
        text = path.read_text(encoding="utf-8")
        name = path.name.split(".")[0]
        source = create_source(session, user, title=f"{path.parent.name}/{name}", text=text)
        spans = [
            (i, text[p["start"] : p["end"]])
            for i, p in enumerate(pairs)
            if corpus / p["article"] == path
        ]
        for i, quote in spans:
            targets[i] = _claim(session, user, source, quote, name).id
        for sentence in sentences(source.text):
            inside = any(sentence.text in quote or quote in sentence.text for _, quote in spans)
            if len(sentence.text) >= MIN_SENTENCE and not inside:
                _claim(session, user, source, sentence.text, name)
    return targets


def _claim(session, user, source, quote: str, organization: str):
    start = source.text.index(quote)
    excerpt = {"start": start, "end": start + len(quote)}
    return create_claim(
        session,
        user,
        source_id=source.id,
        kind="statement",
        text=quote,
        excerpt=excerpt,
        organization=organization,
    )


def measure(session, pairs: list[dict], targets: dict[int, int], engine: str, verbose: bool):
    """(recall@1, recall@5, median seconds per query, misses) of one engine."""
    first, found, times, misses = 0, 0, [], []
    for i, pair in enumerate(pairs):
        began = time.perf_counter()
        results = similar_claims(session, DraftClaim(pair["paraphrase"]), TOP, engine=engine)
        times.append(time.perf_counter() - began)
        ranked = [r.claim.id for r in results]
        first += bool(ranked) and ranked[0] == targets[i]
        if targets[i] in ranked:
            found += 1
        else:
            misses.append(pair)
            if verbose:
                top = results[0].claim.text[:70] if results else "(nothing)"
                print(f"  {engine} missed [{pair['case']}] {pair['paraphrase']!r}\n    top: {top}")
    return first / len(pairs), found / len(pairs), statistics.median(times), misses


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    verbose = "--verbose" in argv
    rest = [a for a in argv if a != "--verbose"]
    corpus = Path(rest[0]) if rest else CORPUS_DIR
    pairs = json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]
    absent = sorted({p["article"] for p in pairs if not (corpus / p["article"]).is_file()})
    if absent:
        print(f"skipped: the corpus articles are not at {corpus} (missing {', '.join(absent)})")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{scratch}/m.db"})
        engine = get_engine(app)
        upgrade(engine)
        with app.app_context(), session_scope(engine) as session:
            user = create_user(session, "eval@example.org", "evaluation-password", "editor", "E")
            targets = load_claims(session, user, corpus, pairs)
        with app.app_context(), session_scope(engine) as session:
            rows = [("lexical", *measure(session, pairs, targets, "lexical", verbose))]
            if embeddings.available():
                began = time.perf_counter()
                embedded = embeddings.embed_all(session)
                took = time.perf_counter() - began
                print(f"semantic: embedded {embedded} claims in {took:.1f} s")
                rows.append(("semantic", *measure(session, pairs, targets, "semantic", verbose)))
            else:
                print(f"semantic: skipped ({embeddings.unavailable_reason()})")
            claims = session.exec(select(func.count()).select_from(Claim)).one()
        engine.dispose()
    print(f"\n{len(pairs)} pairs, {claims} claims from {len(articles(corpus, pairs))} articles")
    print(f"{'engine':10} {'recall@1':>8} {'recall@5':>8} {'median ms/query':>16}")
    for name, top1, recall, median, _ in rows:
        print(f"{name:10} {top1:>8.2f} {recall:>8.2f} {median * 1000:>16.1f}")
    _by_case(pairs, rows)
    return 0


def _by_case(pairs: list[dict], rows: list) -> None:
    cases = sorted({p["case"] for p in pairs})
    print(f"\nfound per kind of pair: {'case':12}" + "".join(f"{r[0]:>10}" for r in rows))
    for case in cases:
        total = sum(p["case"] == case for p in pairs)
        cells = "".join(
            f"{total - sum(m['case'] == case for m in r[4]):>6}/{total:<3}" for r in rows
        )
        print(f"{'':22}{case:12}{cells}")


if __name__ == "__main__":
    raise SystemExit(main())
