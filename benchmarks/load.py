"""Load test: 16 simulated reviewers against factdb served by gunicorn (2 workers) on 127.0.0.1.

    python benchmarks/load.py [--database-url URL] [--reviewers 16] [--seconds 60]
                              [--max-requests 200000] [--claims 20000]

Without --database-url a temporary SQLite database is migrated and filled by
``factdb bench-data``. Each reviewer signs in to the web UI and holds an API token; it then
mixes page reads (dashboard, claims list, claim page), API reads, searches and workflow
transitions (take a submitted claim, add a supporting citation, verify it, or release it) until
the time or the request budget runs out. Racing for the same claim is expected: a 409 is the
engine refusing a stale version and counts as a refusal, not an error. Afterwards every
acknowledged transition (a 200 answer naming the new status and version) is looked up in the
audit log; one that is missing is a lost update. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FACTDB = str(Path(sys.executable).with_name("factdb"))
PASSWORD = "load-test-password"
SEARCH_WORDS = ["council", "budget", "ministry", "percent", "election", "hospital", "minister",
                "report", "agency", "million", "water", "police", "school"]  # fmt: skip
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Tally:
    """What one simulated reviewer saw."""

    timings: dict = field(default_factory=lambda: defaultdict(list))
    errors: list = field(default_factory=list)
    refusals: int = 0
    acknowledged: list = field(default_factory=list)  # (claim_id, to_status, version)


class Client:
    """One keep-alive HTTP connection with a cookie jar of one session cookie."""

    def __init__(self, port: int, tally: Tally) -> None:
        self.port, self.tally = port, tally
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token: str | None = None

    def request(self, label: str, method: str, path: str, body=None, *, api: bool = False):
        headers = {}
        payload = None
        if api:
            headers["Authorization"] = f"Bearer {self.token}"
            if body is not None:
                headers["Content-Type"] = "application/json"
                payload = json.dumps(body)
        else:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            if body is not None:
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                payload = "&".join(f"{k}={v}" for k, v in body.items())
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=payload, headers=headers)
            response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self.tally.errors.append(f"{label}: {type(exc).__name__}: {exc}")
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            return None, b""
        self.tally.timings[label].append((time.perf_counter() - started) * 1000)
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, data

    def expect(self, label: str, method: str, path: str, body=None, *, api=False, ok=(200,)):
        status, data = self.request(label, method, path, body, api=api)
        if status is None:
            return None
        if status == 409:
            self.tally.refusals += 1
            return None
        if status not in ok:
            self.tally.errors.append(f"{label}: {method} {path} -> {status} {data[:200]!r}")
            return None
        return data


def sign_in(client: Client, email: str) -> None:
    status, page = client.request("sign-in", "GET", "/login")
    match = CSRF.search(page.decode())
    token = match.group(1) if match else ""
    form = {"csrf_token": token, "email": email.replace("@", "%40"), "password": PASSWORD}
    status, _ = client.request("sign-in", "POST", "/login", form)
    if status != 302:
        raise SystemExit(f"error: sign-in of {email} answered {status}")


def review_step(client: Client, rng: random.Random, n: int) -> None:
    """Take a submitted claim, then verify it with a citation or release it."""
    page = client.expect("api: claims list", "GET",
                         "/api/v1/claims?status=submitted&limit=20&sort=updated", api=True)  # fmt: skip
    if page is None:
        return
    items = json.loads(page)["items"]
    if not items:
        return
    claim = rng.choice(items)
    taken = client.expect("transition", "POST", f"/api/v1/claims/{claim['id']}/transitions",
                          {"to": "in_review", "version": claim["version"]}, api=True)  # fmt: skip
    if taken is None:
        return
    taken = json.loads(taken)
    client.tally.acknowledged.append((taken["id"], taken["status"], taken["version"]))
    if rng.random() < 0.5:
        released = client.expect("transition", "POST", f"/api/v1/claims/{taken['id']}/transitions",
                                 {"to": "submitted", "version": taken["version"]}, api=True)  # fmt: skip
        if released:
            done = json.loads(released)
            client.tally.acknowledged.append((done["id"], done["status"], done["version"]))
        return
    cited = client.expect("citation", "POST", f"/api/v1/claims/{taken['id']}/citations",
                          {"url": f"https://evidence.example.org/load/{n}", "stance": "supports",
                           "quote": "Confirmed by the published figures."}, api=True, ok=(201,))  # fmt: skip
    if cited is None:
        return
    detail = client.expect("api: claim", "GET", f"/api/v1/claims/{taken['id']}", api=True)
    if detail is None:
        return
    version = json.loads(detail)["version"]
    verified = client.expect("transition", "POST", f"/api/v1/claims/{taken['id']}/transitions",
                             {"to": "verified", "version": version,
                              "note": "Checked against the cited source."}, api=True)  # fmt: skip
    if verified:
        done = json.loads(verified)
        client.tally.acknowledged.append((done["id"], done["status"], done["version"]))


def reviewer(port: int, email: str, token: str, deadline: float, budget: list, seed: int,
             claim_ids: list[int], tally: Tally) -> None:  # fmt: skip
    rng = random.Random(seed)
    client = Client(port, tally)
    client.token = token
    sign_in(client, email)
    n = 0
    while time.monotonic() < deadline:
        with LOCK:
            if budget[0] <= 0:
                return
            budget[0] -= 1
        n += 1
        roll = rng.random()
        if roll < 0.15:
            client.expect("page: dashboard", "GET", "/")
        elif roll < 0.30:
            status = rng.choice(["verified", "submitted", "in_review", "draft"])
            client.expect("page: claims list", "GET", f"/claims?status={status}")
        elif roll < 0.45:
            client.expect("page: claim", "GET", f"/claims/{rng.choice(claim_ids)}")
        elif roll < 0.55:
            client.expect("api: claim", "GET", f"/api/v1/claims/{rng.choice(claim_ids)}", api=True)
        elif roll < 0.70:
            word = rng.choice(SEARCH_WORDS)
            if rng.random() < 0.5:
                client.expect("search (page)", "GET", f"/claims?q={word}")
            else:
                client.expect("search (api)", "GET", f"/api/v1/claims?q={word}&limit=20", api=True)
        else:
            review_step(client, rng, seed * 1_000_000 + n)


LOCK = threading.Lock()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(url: str, reviewers: int) -> tuple[list[tuple[str, str]], list[int]]:
    """Reviewer accounts with API tokens, and some claim ids to read."""
    from sqlalchemy import text

    from factdb.db import make_engine, session_scope
    from factdb.services.accounts.users import create_token, create_user, user_by_email
    from factdb.services.errors import NotFoundError

    engine = make_engine(url)
    accounts = []
    with session_scope(engine) as session:
        for i in range(reviewers):
            email = f"load-reviewer-{i}@example.org"
            try:
                user = user_by_email(session, email)
            except NotFoundError:
                user = create_user(session, email, PASSWORD, "reviewer", f"Load Reviewer {i}")
            accounts.append((email, create_token(session, user, name="load test")[1]))
        claim_ids = [
            row[0]
            for row in session.execute(
                text("SELECT id FROM claim WHERE status IN ('verified', 'submitted') LIMIT 2000")
            )
        ]
    engine.dispose()
    return accounts, claim_ids


def lost_updates(url: str, acknowledged: list[tuple[int, str, int]]) -> int:
    """Acknowledged transitions with no audit record."""
    from sqlalchemy import text

    from factdb.db import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        recorded = set()
        claim_ids = sorted({claim_id for claim_id, _, _ in acknowledged})
        for i in range(0, len(claim_ids), 500):
            rows = connection.execute(
                text("SELECT claim_id, to_status, version FROM transition WHERE claim_id IN "
                     f"({', '.join(str(c) for c in claim_ids[i:i + 500])})")  # fmt: skip
            )
            recorded.update((r[0], r[1], r[2]) for r in rows)
    engine.dispose()
    return sum(1 for ack in acknowledged if ack not in recorded)


def serve(url: str, port: int, workers: int, log) -> subprocess.Popen:
    env = {**os.environ, "FACTDB_DATABASE_URL": url, "FACTDB_SECRET_KEY": secrets.token_hex(16),
           "FACTDB_ENV": "development"}  # fmt: skip
    server = subprocess.Popen(
        [FACTDB, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
        env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    for _ in range(200):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("error: the server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def report(tallies: list[Tally], seconds: float, lost: int) -> str:
    timings = defaultdict(list)
    for tally in tallies:
        for label, values in tally.timings.items():
            timings[label].extend(values)
    everything = [v for label, values in timings.items() if label != "sign-in" for v in values]
    errors = [e for t in tallies for e in t.errors]
    acknowledged = sum(len(t.acknowledged) for t in tallies)
    lines = [
        "| request | count | median (ms) | p95 (ms) |",
        "|---|---|---|---|",
        *(
            f"| {label} | {len(values):,} | {statistics.median(values):.1f} | "
            f"{percentile(values, 0.95):.1f} |"
            for label, values in sorted(timings.items())
            if label != "sign-in"
        ),
        f"| **all** | {len(everything):,} | {statistics.median(everything):.1f} | "
        f"{percentile(everything, 0.95):.1f} |",
        "",
        f"- {len(tallies)} reviewers for {seconds:.0f} s: **{len(everything) / seconds:.0f} "
        f"requests/s**",
        f"- errors: **{len(errors)}**; stale-version refusals (409, expected when reviewers "
        f"race): {sum(t.refusals for t in tallies)}",
        f"- acknowledged transitions: {acknowledged:,}; lost updates: **{lost}**",
    ]
    for error in errors[:10]:
        lines.append(f"  - {error}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--reviewers", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--claims", type=int, default=20_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if not url:
            url = f"sqlite:///{tmp}/load.sqlite3"
            env = {**os.environ, "FACTDB_DATABASE_URL": url}
            subprocess.run([FACTDB, "init"], env=env, check=True, stdout=subprocess.DEVNULL)
            subprocess.run([FACTDB, "bench-data", "--claims", str(args.claims), "--sources",
                            str(max(1, args.claims // 10))], env=env, check=True)  # fmt: skip
        accounts, claim_ids = prepare(url, args.reviewers)
        port = free_port()
        with open(Path(tmp) / "server.log", "wb") as log:
            server = serve(url, port, args.workers, log)
            try:
                tallies = [Tally() for _ in accounts]
                budget = [args.max_requests]
                deadline = time.monotonic() + args.seconds
                started = time.monotonic()
                threads = [
                    threading.Thread(
                        target=reviewer,
                        args=(port, email, token, deadline, budget, i + 1, claim_ids, tallies[i]),
                    )
                    for i, (email, token) in enumerate(accounts)
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(args.seconds + 60)
                elapsed = time.monotonic() - started
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(30)
        acknowledged = [ack for t in tallies for ack in t.acknowledged]
        print(report(tallies, elapsed, lost_updates(url, acknowledged)))


if __name__ == "__main__":
    main()
