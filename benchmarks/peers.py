"""factdb side by side with its peers on the same SQLite file, in one interleaved run.

    python benchmarks/peers.py --database-url sqlite:///PATH [--runs 30] [--out FILE]
        [--datasette .venv-bench/bin/datasette] [--requests 2000] [--seconds 15]

The peers: Datasette (its own virtualenv, started here on 127.0.0.1 with facet suggestions
off, as its single process) and Debian's ``sqlite3 -csv``. factdb runs under gunicorn with its
default workers (``factdb serve``). Every page is fetched over loopback HTTP by the same client,
factdb and Datasette alternating request by request, so both see the same machine load. Ratios
are factdb time / peer time: below 1 factdb is faster. Every loop is bounded in requests and time.
Prints (and with --out appends) a Markdown section, with the load average during the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
# The worktree's own code, whatever an installed ``factdb`` script points at.
FACTDB = [sys.executable, "-c", "from factdb.entry import main; main()"]
DATASETTE = ROOT / ".venv-bench" / "bin" / "datasette"
EMAIL = "peer-bench@example.org"
PASSWORD = "peer-bench-password-1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, process: subprocess.Popen, what: str) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"error: {what} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"error: {what} did not start")


def start_factdb(url: str, port: int, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "FACTDB_DATABASE_URL": url,
        "FACTDB_SECRET_KEY": secrets.token_hex(16),
        "FACTDB_ENV": "development",
        "PYTHONPATH": str(ROOT),
    }
    server = subprocess.Popen(
        [*FACTDB, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    wait_for(port, server, "factdb")
    return server


def start_datasette(datasette: Path, path: Path, port: int, log) -> subprocess.Popen:
    # Search goes through factdb's own FTS5 table, which Datasette is told about.
    metadata = Path(tempfile.mkdtemp()) / "metadata.json"
    tables = {"claim": {"fts_table": "claim_fts", "fts_pk": "rowid"}}
    metadata.write_text(json.dumps({"databases": {path.stem: {"tables": tables}}}))
    server = subprocess.Popen(
        [
            str(datasette),
            "serve",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--immutable",
            str(path),
            "--setting",
            "suggest_facets",
            "off",
            "-m",
            str(metadata),
        ],
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    wait_for(port, server, "Datasette")
    return server


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(30)


class Client:
    """One keep-alive connection to one server, with fixed headers."""

    def __init__(self, port: int, headers: dict | None = None) -> None:
        self.port, self.headers = port, headers or {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def get(self, path: str) -> tuple[float, bytes]:
        """Milliseconds to fetch ``path`` (the whole body), and the body."""
        started = time.perf_counter()
        self.connection.request("GET", path, headers=self.headers)
        response = self.connection.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - started) * 1000
        if response.status != 200:
            raise SystemExit(f"error: GET {path} on port {self.port} -> {response.status}")
        return elapsed, body


def factdb_clients(url: str, port: int) -> tuple[Client, Client]:
    """A signed-in browser session and an API token holder for factdb."""
    from load import CSRF

    from factdb.db import make_engine, session_scope
    from factdb.services.accounts.users import create_token, create_user, user_by_email
    from factdb.services.errors import NotFoundError

    engine = make_engine(url)
    with session_scope(engine) as session:
        try:
            user = user_by_email(session, EMAIL)
        except NotFoundError:
            user = create_user(session, EMAIL, PASSWORD, "editor", "Peer Bench")
        token = create_token(session, user, name="peer bench")[1]
    engine.dispose()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/login")
    response = connection.getresponse()
    cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    csrf = CSRF.search(response.read().decode()).group(1)
    form = f"csrf_token={csrf}&email={EMAIL.replace('@', '%40')}&password={PASSWORD}"
    connection.request(
        "POST",
        "/login",
        body=form,
        headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    if response.status != 302:
        raise SystemExit(f"error: sign-in answered {response.status}")
    cookie = response.headers["Set-Cookie"].split(";", 1)[0]
    return Client(port, {"Cookie": cookie}), Client(port, {"Authorization": f"Bearer {token}"})


def compare(runs: int, ours: tuple[Client, str], theirs: tuple[Client, str]) -> tuple[float, float]:
    """Median milliseconds of factdb's and the peer's page, fetched alternately."""
    for client, path in (ours, theirs):
        client.get(path)  # warm up
    mine, peer = [], []
    for _ in range(runs):
        mine.append(ours[0].get(ours[1])[0])
        peer.append(theirs[0].get(theirs[1])[0])
    return statistics.median(mine), statistics.median(peer)


def throughput(port: int, headers: dict, path: str, requests: int, seconds: float) -> float:
    """Requests per second of 8 concurrent keep-alive clients, bounded in requests and time."""
    budget = [requests]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    done = [0]

    def worker() -> None:
        client = Client(port, headers)
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    return
                budget[0] -= 1
            client.get(path)
            with lock:
                done[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(8)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    return done[0] / (time.monotonic() - started)


def export_sql() -> str:
    """factdb's own CSV export statement (every status, no other filter) as SQLite text with
    its parameters inlined, for ``sqlite3 -csv``: the peer runs exactly the SQL factdb runs,
    so the ratio is what factdb adds over the database (formatting values, pages, writing)."""
    from sqlalchemy.dialects import sqlite

    from factdb.services.reports.csv_report import EVERY_STATUS, csv_statement

    statement = csv_statement([], sorted(EVERY_STATUS))
    compiled = statement.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return f"{compiled};"


# Linux carries a process's peak memory across exec, so a child started from this (large)
# process would report this one's: a small launcher forks the command and reports its own.
LAUNCHER = """import os, sys
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
open(sys.argv[1], "w").write(f"{status} {usage.ru_maxrss}")
"""


def timed_child(command: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Seconds, peak resident MB and output bytes of ``command`` run in its own process."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        started = time.perf_counter()
        launcher = [sys.executable, "-S", "-c", LAUNCHER, peak.name, *command]
        child = subprocess.run(launcher, env=env, stdout=out, stderr=subprocess.PIPE)
        elapsed = time.perf_counter() - started
        status, max_kb = map(int, peak.read().split())
        if child.returncode or status:
            raise SystemExit(f"error: {command[0]} failed: {child.stderr.decode()[-500:]}")
        out.seek(0, os.SEEK_END)
        return elapsed, max_kb / 1024, out.tell()


def export_rows(url: str, path: Path, claims: int, runs: int = 3) -> list[str]:
    """factdb's CSV export of every claim beside ``sqlite3 -csv`` of the same statement."""
    env = {**os.environ, "FACTDB_DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    every = "draft,submitted,in_review,verified,refuted,unverifiable,retracted"
    ours_cmd = [*FACTDB, "export", "--status", every, "--format", "csv", "--out", "-"]
    theirs_cmd = ["sqlite3", "-csv", "-header", f"file:{path}?immutable=1", export_sql()]
    ours, theirs = [], []
    for _ in range(runs):
        ours.append(timed_child(ours_cmd, env))
        theirs.append(timed_child(theirs_cmd))
    (ours_s, _, ours_bytes), (theirs_s, _, theirs_bytes) = min(ours), min(theirs)
    return [
        f"| CSV export of {claims:,} claims | factdb | sqlite3 -csv | ratio |",
        "|---|---|---|---|",
        f"| time (s, best of {runs}) | {ours_s:.2f} | {theirs_s:.2f} | {ours_s / theirs_s:.2f} |",
        f"| peak memory (MB) | {max(r[1] for r in ours):.0f} | {max(r[1] for r in theirs):.0f} | |",
        f"| output (MB) | {ours_bytes / 1e6:.1f} | {theirs_bytes / 1e6:.1f} | |",
    ]


def cases(url: str, db: str) -> dict:
    """The pages compared: {name: (factdb HTML, factdb JSON, Datasette HTML, Datasette JSON)}."""
    from bench import Bench, cursor_at, scalar, search_words

    bench = Bench(url, 1)
    with bench.app.app_context():
        (common, common_n), (rare, rare_n) = search_words(bench)
    engine = bench.engine
    total = scalar(engine, "SELECT count(*) FROM claim")
    deep_id = scalar(
        engine, "SELECT id FROM claim ORDER BY id LIMIT 1 OFFSET :o", o=total * 9 // 10
    )
    claim_id = scalar(
        engine,
        "SELECT id FROM claim WHERE status = 'verified' ORDER BY id LIMIT 1 OFFSET :o",
        o=total // 20,
    )
    deep = cursor_at(engine, "1 = 1", total * 9 // 10)
    table = f"/{db}/claim"
    return {
        "claims list, status filter, 50 rows": (
            "/claims?status=verified",
            "/api/v1/claims?status=verified&limit=50",
            f"{table}?status=verified&_size=50",
            f"{table}.json?status=verified&_size=50",
        ),
        f"deep page (row {total * 9 // 10:,})": (
            f"/claims?cursor={deep}",
            f"/api/v1/claims?cursor={deep}",
            f"{table}?_next={deep_id}",
            f"{table}.json?_next={deep_id}",
        ),
        "single claim": (
            f"/claims/{claim_id}",
            f"/api/v1/claims/{claim_id}",
            f"{table}/{claim_id}",
            f"{table}/{claim_id}.json",
        ),
        f"search, rare word {rare!r} ({rare_n:,} claims)": (
            f"/claims?q={rare}",
            f"/api/v1/claims?q={rare}",
            f"{table}?_search={rare}&_size=50",
            f"{table}.json?_search={rare}&_size=50",
        ),
        f"search, common word {common!r} ({common_n:,} claims)": (
            f"/claims?q={common}",
            f"/api/v1/claims?q={common}",
            f"{table}?_search={common}&_size=50",
            f"{table}.json?_search={common}&_size=50",
        ),
    }


def run(args: argparse.Namespace) -> list[str]:
    path = Path(args.database_url.removeprefix("sqlite:///"))
    pages = cases(args.database_url, path.stem)
    ours_port, theirs_port = free_port(), free_port()
    lines = []
    with tempfile.TemporaryFile() as log:
        ours_server = start_factdb(args.database_url, ours_port, log)
        theirs_server = start_datasette(args.datasette, path, theirs_port, log)
        try:
            browser, api = factdb_clients(args.database_url, ours_port)
            peer = Client(theirs_port)
            lines += [
                "| case | factdb HTML (ms) | Datasette HTML (ms) | ratio | "
                "factdb JSON (ms) | Datasette JSON (ms) | ratio |",
                "|---|---|---|---|---|---|---|",
            ]
            for name, (html, js, peer_html, peer_js) in pages.items():
                a, b = compare(args.runs, (browser, html), (peer, peer_html))
                c, d = compare(args.runs, (api, js), (peer, peer_js))
                lines.append(
                    f"| {name} | {a:.1f} | {b:.1f} | **{a / b:.2f}** | "
                    f"{c:.1f} | {d:.1f} | **{c / d:.2f}** |"
                )
                print(lines[-1], flush=True)
            single = pages["single claim"]
            ours_rps = throughput(ours_port, api.headers, single[1], args.requests, args.seconds)
            theirs_rps = throughput(theirs_port, {}, single[3], args.requests, args.seconds)
            lines += [
                "",
                f"JSON claim at concurrency 8 (at most {args.requests:,} requests or "
                f"{args.seconds:.0f} s each): factdb (`factdb serve`: gunicorn, "
                f"{default_workers()} sync worker processes, and its job worker) "
                f"**{ours_rps:.0f} req/s**, Datasette (one process, asyncio) "
                f"**{theirs_rps:.0f} req/s**, ratio **{ours_rps / theirs_rps:.2f}**.",
            ]
            print(lines[-1], flush=True)
        finally:
            stop(ours_server)
            stop(theirs_server)
    return lines


def default_workers() -> int:
    from config import Config

    return Config.WORKERS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="sqlite:///PATH, filled")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--datasette", type=Path, default=DATASETTE)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not args.datasette.exists():
        raise SystemExit(f"error: no Datasette at {args.datasette} (make bench installs it)")
    load_before = os.getloadavg()
    lines = run(args)
    path = Path(args.database_url.removeprefix("sqlite:///"))
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        claims = db.execute("SELECT count(*) FROM claim").fetchone()[0]
    lines += ["", *export_rows(args.database_url, path, claims)]
    print("\n".join(lines[-5:]), flush=True)
    load_after = os.getloadavg()
    versions = subprocess.run([str(args.datasette), "--version"], capture_output=True, text=True)
    sqlite = subprocess.run(["sqlite3", "--version"], capture_output=True, text=True)
    before, after = (", ".join(f"{x:.2f}" for x in load) for load in (load_before, load_after))
    cores = os.cpu_count()
    load = f"Load average (1, 5, 15 min): {before} before the run, {after} after; {cores} cores."
    print(load)
    section = [
        "### Side by side with Datasette and sqlite3",
        "",
        f"{versions.stdout.strip()} (facet suggestions off, one process, `--immutable`); "
        f"sqlite3 {sqlite.stdout.split()[0]}. Client time over loopback, median of {args.runs} "
        "requests each, factdb and the peer alternating; ratio = factdb / peer.",
        "",
        load,
        "",
        *lines,
        "",
    ]
    if args.out:
        with args.out.open("a") as handle:
            handle.write("\n".join(section) + "\n")


if __name__ == "__main__":
    main()
