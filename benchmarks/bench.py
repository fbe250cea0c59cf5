"""Server time of factdb's hot paths on a large database, beside the raw SQL behind each.

    python benchmarks/bench.py --database-url URL [--runs 30] [--label NAME] [--out FILE]

The database must be migrated and filled (``factdb bench-data``). For every page the SQL
statements the app issued are captured and then replayed directly on a DBAPI connection, so the
"raw SQL" column is the database's share of the same rows and the ratio is what the app adds
(templates, objects, Python). Exports run in a child process so their peak memory is their own.
Prints (and with --out appends) a Markdown section.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from sqlalchemy import event, text  # noqa: E402

from factdb import create_app  # noqa: E402
from factdb.db import get_engine, session_scope  # noqa: E402
from factdb.services.search.listing import encode_cursor  # noqa: E402

PASSWORD = "bench-password-1"
BENCH_EMAIL = "bench-reviewer@example.org"
SKIP = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


class Recorder:
    """Captures the statements an engine runs while ``on`` is set."""

    def __init__(self, engine) -> None:
        self.on = False
        self.statements: list[tuple[str, object]] = []
        event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:
        if self.on and not statement.lstrip().upper().startswith(SKIP):
            self.statements.append((statement, parameters))

    def take(self) -> list[tuple[str, object]]:
        taken, self.statements = self.statements, []
        return taken


def replay(engine, statements) -> float:
    """Milliseconds to run ``statements`` directly on a DBAPI connection, fetching every row."""
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        started = time.perf_counter()
        for statement, parameters in statements:
            cursor.execute(statement, parameters)
            if cursor.description is not None:
                cursor.fetchall()
        elapsed = (time.perf_counter() - started) * 1000
        raw.rollback()
        return elapsed
    finally:
        raw.close()


class Bench:
    def __init__(self, url: str, runs: int) -> None:
        self.app = create_app(
            {"DATABASE_URL": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False}
        )
        self.engine = get_engine(self.app)
        self.recorder = Recorder(self.engine)
        self.client = self.app.test_client()
        self.runs = runs
        self.rows: list[str] = []

    def measure(self, name: str, request, *, raw: bool = True) -> None:
        """Time ``request(i)`` (a callable making one request) and the SQL it ran."""
        for i in range(2):
            request(i)
        page, sql = [], []
        for i in range(self.runs):
            self.recorder.on = True
            started = time.perf_counter()
            response = request(i)
            page.append((time.perf_counter() - started) * 1000)
            self.recorder.on = False
            assert response.status_code < 400, (name, response.status_code)
            statements = self.recorder.take()
            if raw:
                sql.append(replay(self.engine, statements))
        median = statistics.median(page)
        cells = [name, f"{median:.1f}", f"{percentile(page, 0.95):.1f}"]
        if raw:
            raw_median = statistics.median(sql)
            cells += [f"{raw_median:.1f}", f"{percentile(sql, 0.95):.1f}",
                      f"{median / raw_median:.1f}×" if raw_median else "–"]  # fmt: skip
        else:
            cells += ["–", "–", "–"]
        self.rows.append("| " + " | ".join(cells) + " |")
        print(self.rows[-1], flush=True)

    def get(self, path_for):
        return lambda i: self.client.get(path_for(i))


def scalar(engine, sql: str, **params):
    with engine.connect() as connection:
        return connection.execute(text(sql), params).scalar()


def column(engine, sql: str, **params) -> list:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(text(sql), params)]


def cursor_at(engine, where: str, offset: int, **params) -> str:
    """The list cursor after row ``offset`` of claims matching ``where`` (newest first)."""
    from sqlalchemy import select

    from factdb.models import Claim

    query = (
        select(Claim.updated_at, Claim.id)
        .where(text(where).bindparams(**params))
        .order_by(Claim.updated_at.desc(), Claim.id.desc())
        .limit(1)
        .offset(offset)
    )
    with engine.connect() as connection:
        updated, claim_id = connection.execute(query).one()
    return encode_cursor([updated.isoformat(), claim_id])


def bench_user(bench: Bench):
    """A reviewer with a queue of assigned claims, signed in to the test client."""
    from factdb.services.accounts.users import create_token, create_user, user_by_email
    from factdb.services.errors import NotFoundError

    with session_scope(bench.engine) as session:
        try:
            user = user_by_email(session, BENCH_EMAIL)
        except NotFoundError:
            user = create_user(session, BENCH_EMAIL, PASSWORD, "editor", "Bench Editor")
        token = create_token(session, user, name="bench")[1]
    response = bench.client.post("/login", data={"email": BENCH_EMAIL, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    return user, token


def reader_source(bench: Bench, user) -> int:
    """A ~5,000-word source with 100 claims marked in it (made once per database)."""
    from bench_suggest import source, texts

    from factdb.services.review.claims import create_claim
    from factdb.services.sources.documents import create_source

    title = "Benchmark: a 5,000-word article with 100 excerpts"
    existing = scalar(bench.engine, "SELECT id FROM source WHERE title = :t", t=title)
    if existing:
        return existing
    body = source(30_000, texts()[1])  # about 5,000 words of real articles (or test texts)
    with session_scope(bench.engine) as session:
        source = create_source(session, user, text=body, title=title,
                               url="https://bench.example.org/long", published=date(2024, 6, 1))  # fmt: skip
        step = len(source.text) // 100
        for n in range(100):
            start = n * step
            create_claim(session, user, source_id=source.id, kind="figure",
                         text=f"Benchmark claim {n}", organization="Benchmark Agency",
                         excerpt={"start": start, "end": start + 40},
                         value={"amount": str(n), "unit": "events"})  # fmt: skip
        return source.id


def search_words(bench: Bench) -> tuple[tuple[str, int], tuple[str, int]]:
    """A common and a rare word of the data, each with the number of claims it matches.

    Both are read from the data (a word that occurs nowhere would time an empty page): the
    common word is the most frequent in a sample of claim texts; the rare one, of the 40
    least frequent words in that sample and in organization names and source titles, the
    one matching the fewest claims in the whole database.
    """
    from collections import Counter

    from factdb.services.search.folding import search_tokens

    texts = column(bench.engine, "SELECT text FROM claim ORDER BY id LIMIT 5000")
    names = column(bench.engine, "SELECT name FROM organization ORDER BY id LIMIT 5000")
    names += column(bench.engine, "SELECT title FROM source ORDER BY id LIMIT 5000")

    def frequency(values: list[str]) -> Counter:
        words = (word for value in values for word in set(search_tokens(value)))
        return Counter(word for word in words if len(word) >= 4 and word.isalpha())

    common = frequency(texts).most_common(1)[0][0]
    candidates = [word for word, _ in (frequency(texts) + frequency(names)).most_common()[-40:]]
    rare_count, rare = min((matches(bench, word), word) for word in candidates)
    return (common, matches(bench, common)), (rare, rare_count)


def matches(bench: Bench, word: str) -> int:
    """How many claims a search for ``word`` matches."""
    from sqlalchemy import func, select

    from factdb.models import Claim
    from factdb.services.search.fulltext import claim_text_condition

    with session_scope(bench.engine) as session:
        condition = claim_text_condition(session, word)
        return session.execute(select(func.count()).select_from(Claim).where(condition)).scalar()


def cli_start_ms(url: str, runs: int = 5) -> float:
    """Median wall time of ``factdb --help`` in a fresh interpreter (it creates the app)."""
    env = {**os.environ, "FACTDB_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    start = "from factdb.entry import main; main(['--help'])"
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", start], env=env, check=True, capture_output=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run_pages(bench: Bench, common: str | None, rare: str | None) -> None:
    engine = bench.engine
    # Picked before this script adds its own source and claims (see reader_source).
    (picked_common, common_count), (picked_rare, rare_count) = search_words(bench)
    common = common or picked_common
    rare = rare or picked_rare
    common_count = common_count if common == picked_common else matches(bench, common)
    rare_count = rare_count if rare == picked_rare else matches(bench, rare)
    user, token = bench_user(bench)
    api = {"Authorization": f"Bearer {token}"}
    total = scalar(engine, "SELECT count(*) FROM claim")
    org = scalar(engine, "SELECT organization_id FROM claim WHERE organization_id IS NOT NULL "
                         "GROUP BY organization_id ORDER BY count(*) DESC LIMIT 1")  # fmt: skip
    in_org = scalar(engine, "SELECT count(*) FROM claim WHERE status = 'verified' AND "
                            "organization_id = :o", o=org)  # fmt: skip
    verified = column(engine, "SELECT id FROM claim WHERE status = 'verified' ORDER BY id "
                              "LIMIT 40 OFFSET 1000")  # fmt: skip
    deep_all = cursor_at(engine, "1 = 1", int(total * 0.9))
    deep_org = cursor_at(engine, "status = 'verified' AND organization_id = :o",
                         max(0, in_org - 60), o=org)  # fmt: skip
    source_id = reader_source(bench, user)
    claims_path = f"/claims?status=verified&organization={org}"
    with session_scope(engine) as session:  # a queue for the dashboard
        session.execute(text("UPDATE claim SET assignee_id = :u WHERE id IN (SELECT id FROM claim "
                             "WHERE status = 'in_review' LIMIT 25)"), {"u": user.id})  # fmt: skip
    print(f"\n{total:,} claims; organization #{org} has {in_org:,} verified claims; "
          f"search words: common {common!r} ({common_count:,} claims), "
          f"rare {rare!r} ({rare_count:,} claims)\n")  # fmt: skip
    print("| what | median (ms) | p95 (ms) | raw SQL median (ms) | raw SQL p95 (ms) | app / SQL |")
    print("|---|---|---|---|---|---|")
    bench.measure("dashboard", bench.get(lambda i: "/"))
    bench.measure("claims list, no filter, page 1", bench.get(lambda i: "/claims"))
    bench.measure(f"claims list, no filter, row {int(total * 0.9):,}",
                  bench.get(lambda i: f"/claims?cursor={deep_all}"))  # fmt: skip
    bench.measure("claims list, status + organization, page 1", bench.get(lambda i: claims_path))
    bench.measure(f"claims list, status + organization, last page (row {max(0, in_org - 60):,})",
                  bench.get(lambda i: f"{claims_path}&cursor={deep_org}"))  # fmt: skip
    bench.measure("API claims list, status + organization",
                  lambda i: bench.client.get(f"/api/v1{claims_path}", headers=api))  # fmt: skip
    bench.measure("claim page", bench.get(lambda i: f"/claims/{verified[i % len(verified)]}"))
    bench.measure("source reader, 5,000 words, 100 excerpts",
                  bench.get(lambda i: f"/sources/{source_id}"))  # fmt: skip
    bench.measure(f"search, common word ({common!r}, {common_count:,} claims)",
                  bench.get(lambda i: f"/claims?q={common}"))  # fmt: skip
    bench.measure(f"search, rare word ({rare!r}, {rare_count:,} claims)",
                  bench.get(lambda i: f"/claims?q={rare}"))  # fmt: skip
    bench.measure(f"API search, rare word ({rare!r})",
                  lambda i: bench.client.get(f"/api/v1/claims?q={rare}", headers=api))  # fmt: skip
    bench.measure(f"API search, common word ({common!r})",
                  lambda i: bench.client.get(f"/api/v1/claims?q={common}", headers=api))  # fmt: skip
    run_transitions(bench, api)
    run_suggestions(bench)


def run_transitions(bench: Bench, api: dict) -> None:
    """A reviewer takes a submitted claim, or releases it again: one transition each run."""
    claim_id = scalar(bench.engine, "SELECT id FROM claim WHERE status = 'submitted' "
                                    "ORDER BY id LIMIT 1")  # fmt: skip

    def step(i):
        version = scalar(bench.engine, "SELECT version FROM claim WHERE id = :c", c=claim_id)
        status = scalar(bench.engine, "SELECT status FROM claim WHERE id = :c", c=claim_id)
        to = "in_review" if status == "submitted" else "submitted"
        return bench.client.post(f"/api/v1/claims/{claim_id}/transitions", headers=api,
                                 json={"to": to, "version": version})  # fmt: skip

    bench.measure("workflow transition (API)", step, raw=False)


def run_suggestions(bench: Bench) -> None:
    from bench_suggest import source, texts

    from factdb.services.suggest import suggest

    body = source(30_000, texts()[1])  # about 5,000 words of real articles (or test texts)
    suggest(body, date(2024, 6, 1))
    timings = []
    for _ in range(bench.runs):
        started = time.perf_counter()
        suggest(body, date(2024, 6, 1))
        timings.append((time.perf_counter() - started) * 1000)
    bench.rows.append(f"| suggestions, {len(body.split()):,}-word article | "
                      f"{statistics.median(timings):.1f} | {percentile(timings, 0.95):.1f} "
                      "| – | – | – |")  # fmt: skip
    print(bench.rows[-1], flush=True)


def run_exports(url: str) -> list[str]:
    """CSV and JSON export of the ~100,000 verified figure claims, each in a fresh process."""
    rows = []
    out = Path(tempfile.mkdtemp()) / "report"
    for fmt in ("csv", "json"):
        env = {**os.environ, "FACTDB_DATABASE_URL": url}
        started = time.perf_counter()
        child = subprocess.Popen(
            [str(Path(sys.executable).with_name("factdb")), "export", "--status", "verified",
             "--kind", "figure", "--format", fmt, "--out", str(out)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        if status:
            raise SystemExit(f"error: export {fmt} failed: {child.stderr.read().decode()}")
        size = out.stat().st_size / 1e6
        out.unlink()
        rows.append(f"| {fmt} | {elapsed:.2f} | {size:.0f} | {usage.ru_maxrss / 1024:.0f} |")
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--label", default="")
    parser.add_argument("--common", help="a common word to search (default: picked from the data)")
    parser.add_argument("--rare", help="a rare word to search (default: picked from the data)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    bench = Bench(args.database_url, args.runs)
    with bench.app.app_context():
        run_pages(bench, args.common, args.rare)
    verified_figures = scalar(bench.engine, "SELECT count(*) FROM claim WHERE status = 'verified'"
                                            " AND kind = 'figure'")  # fmt: skip
    print(f"\n| export of {verified_figures:,} claims | time (s) | output (MB) | peak memory (MB) |\n|---|---|---|---|")
    exports = run_exports(args.database_url)
    start = cli_start_ms(args.database_url)
    print(f"\nCLI start (`factdb --help`, fresh interpreter): {start:.0f} ms")
    section = "\n".join([
        f"### {args.label or args.database_url}", "",
        f"Server time through the test client, {args.runs} runs each; raw SQL is the same "
        "statements replayed on a DBAPI connection.", "",
        "| what | median (ms) | p95 (ms) | raw SQL median (ms) | raw SQL p95 (ms) | app / SQL |",
        "|---|---|---|---|---|---|", *bench.rows, "",
        f"| export of {verified_figures:,} claims | time (s) | output (MB) | peak memory (MB) |",
        "|---|---|---|---|", *exports, "",
        f"CLI start (`factdb --help`, fresh interpreter): {start:.0f} ms", "",
    ])  # fmt: skip
    if args.out:
        with args.out.open("a") as handle:
            handle.write(section + "\n")


if __name__ == "__main__":
    main()
