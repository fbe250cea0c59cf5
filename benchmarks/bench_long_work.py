"""Long work and the request: how long a web request takes when the work stays in it
(before) and when it goes to a background job (after), and how long the job itself takes.

python benchmarks/bench_long_work.py [--chars 1800000] [--excerpt 3000] [--inline-chars 300000]

Cases: the reader of a long source (suggestions), and a PDF report of verified claims with
long excerpts. "Inline" raises the thresholds so the work stays in the request, as before;
the inline reader is measured on --inline-chars (the full text took about a minute).
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
from factdb.migrate import upgrade  # noqa: E402
from factdb.services.accounts.users import create_user  # noqa: E402
from factdb.services.review.claims import create_claim  # noqa: E402
from factdb.services.review.evidence import add_citation  # noqa: E402
from factdb.services.review.workflow import transition  # noqa: E402
from factdb.services.sources.documents import create_source  # noqa: E402
from factdb.tasks import get_queue  # noqa: E402

PASSWORD = "a long benchmark passphrase"
PARAGRAPH = (
    "The Lakeside Transit Agency said on 4 March 2024 that ridership rose 14 per cent, to "
    "3.2 million trips, and that fares would stay at $2.50 until June 2026.\n\n"
)


def long_text(chars: int) -> str:
    return (PARAGRAPH * (chars // len(PARAGRAPH) + 1))[:chars].strip()


def make_app(folder: Path):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "TASK_QUEUE_IMMEDIATE": False,
            "TASK_QUEUE_URL": str(folder / "tasks.sqlite3"),
            "JOB_FILES_DIR": str(folder / "jobs"),
            "PASSWORD_MIN_LENGTH": 8,
        }
    )
    upgrade(get_engine(app))
    return app


def load(app, sizes: dict[str, int], excerpt_chars: int) -> dict[str, int]:
    """Users, one source per entry of ``sizes``, and three verified claims with long excerpts."""
    with app.app_context(), session_scope(get_engine(app)) as s:
        users = {
            role: create_user(s, f"{role}@bench.example.org", PASSWORD, role, role.title())
            for role in ("annotator", "reviewer")
        }
        ids = {
            name: create_source(s, users["annotator"], text=long_text(size), title=name).id
            for name, size in sizes.items()
        }
        text = long_text(excerpt_chars + 500)
        report = create_source(s, users["annotator"], text=text, title="report")
        for n in range(3):
            claim = create_claim(
                s,
                users["annotator"],
                source_id=report.id,
                kind="statement",
                text=f"The agency reported its ridership ({n}).",
                excerpt={"start": 0, "end": excerpt_chars},
                organization="Lakeside Transit Agency",
            )
            transition(s, users["annotator"], claim.id, "submitted", 1)
            transition(s, users["reviewer"], claim.id, "in_review", 2)
            url = f"https://evidence.example.org/{n}"
            add_citation(s, users["reviewer"], claim.id, url=url, stance="supports")
            transition(s, users["reviewer"], claim.id, "verified", 3, "Checked")
        return ids


def timed(call) -> tuple[float, object]:
    started = time.perf_counter()
    result = call()
    return time.perf_counter() - started, result


def signed_in(app, email: str):
    client = app.test_client()
    client.post("/login", data={"email": email, "password": PASSWORD})
    return client


def run_queue(app) -> float:
    queue = get_queue(app)
    started = time.perf_counter()
    while len(queue):
        queue.execute(queue.dequeue())
    return time.perf_counter() - started


def measure_reader(app, ids: dict[str, int], args) -> list[tuple]:
    reader = signed_in(app, "annotator@bench.example.org")
    rows = []
    app.config["SUGGEST_INLINE_MAX_CHARS"] = 10**9
    seconds, _ = timed(lambda: reader.get(f"/sources/{ids['short']}"))
    rows.append((f"reader, {args.inline_chars:,} chars, suggestions inline", seconds, None))
    app.config["SUGGEST_INLINE_MAX_CHARS"] = 100_000
    seconds, _ = timed(lambda: reader.get(f"/sources/{ids['long']}"))
    rows.append((f"reader, {args.chars:,} chars, suggestions as a job", seconds, run_queue(app)))
    seconds, _ = timed(lambda: reader.get(f"/sources/{ids['long']}"))
    rows.append((f"reader, {args.chars:,} chars, once the job is done", seconds, None))
    return rows


def measure_pdf(app, excerpt: int) -> list[tuple]:
    exporter = signed_in(app, "reviewer@bench.example.org")
    url = "/export/download?format=pdf&status=verified"
    name = f"PDF, 3 claims with {excerpt:,}-character excerpts"
    app.config["REPORT_PDF_INLINE_MAX_CHARS"] = 10**9
    inline, _ = timed(lambda: exporter.get(url).data)
    app.config["REPORT_PDF_INLINE_MAX_CHARS"] = 5_000
    queued, response = timed(lambda: exporter.get(url))
    assert response.status_code == 303, response.status_code
    return [(f"{name}, inline", inline, None), (f"{name}, as a job", queued, run_queue(app))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_800_000)
    parser.add_argument("--inline-chars", type=int, default=300_000)
    parser.add_argument("--excerpt", type=int, default=3_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = make_app(Path(folder))
        ids = load(app, {"short": args.inline_chars, "long": args.chars}, args.excerpt)
        rows = measure_reader(app, ids, args) + measure_pdf(app, args.excerpt)
        started = time.perf_counter()
        assert app.test_client().get("/healthz").status_code == 200
        rows.append(("/healthz", time.perf_counter() - started, None))
    print("| case | request (s) | job (s) |\n|---|---|---|")
    for name, request, job in rows:
        print(f"| {name} | {request:.2f} | {'' if job is None else f'{job:.2f}'} |")


if __name__ == "__main__":
    main()
