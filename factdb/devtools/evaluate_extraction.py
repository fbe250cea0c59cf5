"""Word-level precision, recall and F1 of what an HTML import stores, against the article text
people judged, with trafilatura's plain output beside it as the baseline.

    python -m factdb.devtools.evaluate_extraction [EXTRACTION_DIR]

Every NAME.html of the directory (default: ../shared/corpus/extraction/ next to the repository)
is imported through factdb's own import function into a temporary SQLite database, the stored
text is read back and compared with NAME.expected.txt as bags of words (lower-cased \\w+ tokens,
multiset intersection), the way the corpus's score_extraction.py scores it.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path

import trafilatura

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.migrate import upgrade
from factdb.models import Source
from factdb.services.accounts.users import create_user
from factdb.services.sources.ingest import import_document

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = REPO_ROOT.parent / "shared" / "corpus" / "extraction"


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", text.lower()))


def prf(stored: str, expected: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of ``stored`` against ``expected`` as bags of words."""
    got, gold = words(stored), words(expected)
    common = sum((got & gold).values())
    precision = common / sum(got.values()) if got else 0.0
    recall = common / sum(gold.values()) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def stored_texts(pages: list[Path]) -> dict[str, str]:
    """What factdb stores for each page, imported one by one into a scratch database."""
    texts: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as scratch:
        app = create_app({"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{scratch}/e.db"})
        engine = get_engine(app)
        upgrade(engine)
        with app.app_context(), session_scope(engine) as session:
            user = create_user(session, "eval@example.org", "evaluation-password", "editor", "E")
        for page in pages:
            with app.app_context(), session_scope(engine) as session:
                try:
                    source = import_document(
                        session,
                        user,
                        page.read_bytes(),
                        page.name,
                        title=page.stem,
                        max_chars=app.config["MAX_SOURCE_CHARS"],
                    )
                    texts[page.stem] = session.get(Source, source.id).text
                except Exception as error:  # report the page, score it 0, go on
                    print(f"{page.stem:20} import failed: {error}", file=sys.stderr)
                    texts[page.stem] = ""
        engine.dispose()
    return texts


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else DEFAULT_DIR
    if not folder.is_dir():
        print(f"skipped: no extraction corpus at {folder} (it lives in ../shared/corpus/)")
        return 0
    pages = sorted(p for p in folder.glob("*.html") if p.with_suffix(".expected.txt").exists())
    stored = stored_texts(pages)
    rows = []
    for page in pages:
        expected = page.with_suffix(".expected.txt").read_text(encoding="utf-8")
        baseline = trafilatura.extract(page.read_bytes()) or ""
        rows.append((page.stem, *prf(stored[page.stem], expected), prf(baseline, expected)[2]))
    print(f"{'page':20} {'P':>5} {'R':>5} {'F1':>5}   {'trafilatura F1':>14}")
    for name, precision, recall, f1, base in rows:
        print(f"{name:20} {precision:5.2f} {recall:5.2f} {f1:5.2f}   {base:14.2f}")
    means = [statistics.mean(row[i] for row in rows) for i in (1, 2, 3, 4)]
    print(
        f"{'mean':20} {means[0]:5.3f} {means[1]:5.3f} {means[2]:5.3f}   {means[3]:14.3f}"
        f"   ({len(rows)} pages; lowest F1 {min(row[3] for row in rows):.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
