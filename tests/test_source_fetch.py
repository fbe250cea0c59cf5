"""Importing from a URL against a real local HTTP server: what is recorded, and what the SSRF
guard and the limits refuse. No test here ever dials an address other than 127.0.0.1 or ::1."""

from __future__ import annotations

import hashlib
import ipaddress
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from import_samples import ARTICLE_HTML, three_page_pdf
from sqlmodel import func, select

from factdb.models import Source, SourceRetrieval
from factdb.services.errors import FetchError
from factdb.services.sources.fetch import FetchLimits, fetch_url, is_public

# Fetching does not depend on the database: the SQLite pass is enough.
pytestmark = pytest.mark.once
LOOPBACK = {"127.0.0.1", "::1"}
STOP = threading.Event()


def _host_of(address) -> str:
    return str(address[0] if isinstance(address, tuple) else address).split("%")[0]


@pytest.fixture(autouse=True)
def _only_loopback(monkeypatch):
    """Resolving or connecting to anything but loopback raises, whatever the code under test
    does (so a faulty guard fails the test instead of reaching the network)."""
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect

    def getaddrinfo(host, *args, **kwargs):
        if str(host) not in LOOPBACK | {"localhost"}:
            raise AssertionError(f"the test tried to resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def connect(sock, address):
        if _host_of(address) not in LOOPBACK:
            raise AssertionError(f"the test tried to connect to {address!r}")
        return real_connect(sock, address)

    def create_connection(address, *args, **kwargs):
        if _host_of(address) not in LOOPBACK:
            raise AssertionError(f"the test tried to connect to {address!r}")
        return real_create_connection(address, *args, **kwargs)

    real_create_connection = socket.create_connection
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)


class Handler(BaseHTTPRequestHandler):
    pdf = b""

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        if path == "/article.html":
            self._send(200, ARTICLE_HTML.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/report.pdf":
            self._send(200, Handler.pdf, "application/pdf")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            target = "/article.html" if left == 0 else f"/hop/{left - 1}"
            self._send(302, b"", "text/plain", Location=target)
        elif path == "/to-private":
            self._send(302, b"", "text/plain", Location="http://10.0.0.1/secret")
        elif path == "/missing":
            self._send(404, b"not here", "text/plain")
        elif path == "/huge":
            self._stream(50 * 1024 * 1024, declare=True)
        elif path == "/huge-undeclared":
            self._stream(50 * 1024 * 1024, declare=False)
        elif path == "/stall":
            STOP.wait(30)  # 30 s of silence, unless the test run ends first
            self._send(200, b"late", "text/plain")
        else:
            self._send(404, b"", "text/plain")

    def _stream(self, size: int, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        if declare:
            self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"a" * 65536
        try:
            for _ in range(size // len(chunk)):
                if STOP.is_set():
                    return
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture(scope="module")
def server():
    Handler.pdf = three_page_pdf()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    STOP.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    STOP.set()
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def allow_local(app):
    app.config["FETCH_ALLOWED_HOSTS"] = "127.0.0.1"


def _count(session, model) -> int:
    session.rollback()  # a new read transaction sees what the requests committed
    return session.exec(select(func.count()).select_from(model)).one()


def _api_import(client, token_for, user, url: str, **body):
    headers = token_for(user)
    return client.post("/api/v1/sources", json={"url": url, **body}, headers=headers)


def test_api_imports_a_page_from_a_url_with_its_retrieval(
    client, token_for, annotator, server, allow_local, session
):
    response = _api_import(client, token_for, annotator, f"{server}/hop/2")
    assert response.status_code == 201, response.json
    source_id = response.json["id"]
    detail = client.get(f"/api/v1/sources/{source_id}", headers=token_for(annotator)).json
    retrieval = detail["retrieval"]
    assert retrieval["requested_url"] == f"{server}/hop/2"
    assert retrieval["final_url"] == f"{server}/article.html"
    assert [hop["status"] for hop in retrieval["redirects"]] == [302, 302, 302]
    assert retrieval["status"] == 200 and retrieval["content_type"].startswith("text/html")
    assert retrieval["sha256"] == hashlib.sha256(ARTICLE_HTML.encode("utf-8")).hexdigest()
    assert "Ferries" in detail["text"] and "Subscribe to our newsletter" not in detail["text"]
    assert detail["published"] == "2024-03-04" and detail["author"] == "Jane Reporter"


def test_cli_imports_a_pdf_from_a_url(runner, session, editor, server, allow_local, app):
    result = runner.invoke(args=["source", "import", f"{server}/report.pdf", "--title", "Report"])
    assert result.exit_code == 0, result.stderr
    source = session.get(Source, int(result.stdout))
    assert [p["page"] for p in source.page_map] == [1, 2, 3]
    retrieval = session.exec(select(SourceRetrieval)).one()
    assert (retrieval.status, retrieval.content_type) == (200, "application/pdf")
    assert retrieval.final_url == f"{server}/report.pdf"


def test_web_import_from_a_url_previews_then_stores(
    client, auth, annotator, server, allow_local, session
):
    auth.login(annotator)
    response = client.post("/sources/import", data={"url": f"{server}/article.html"})
    assert response.status_code == 302, response.data[-500:]
    assert _count(session, Source) == 0
    page = client.get(response.headers["Location"])
    assert b"Ferries 12" in page.data and b"Jane Reporter" in page.data
    assert b"This page contains 1 fact-check" in page.data
    form = {"title": "Ferry timetable", "author": "Jane Reporter"}
    stored = client.post(response.headers["Location"], data=form)
    assert stored.status_code == 302
    session.rollback()
    source = session.exec(select(Source)).one()
    assert source.title == "Ferry timetable" and source.author == "Jane Reporter"
    assert _count(session, SourceRetrieval) == 1
    reader = client.get(stored.headers["Location"])
    assert b"This page contains 1 fact-check " in reader.data


@pytest.mark.parametrize(
    "url",
    [
        "{server}/article.html",  # the local server itself, not allowed
        "http://127.0.0.1/",
        "http://10.0.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://224.0.0.1/",
        "file:///etc/passwd",
        "gopher://127.0.0.1/",
    ],
)
def test_private_addresses_and_other_schemes_are_refused(
    client, token_for, annotator, server, session, url
):
    response = _api_import(client, token_for, annotator, url.format(server=server))
    assert response.status_code == 422
    assert response.json["error"] == "fetch_failed"
    assert _count(session, Source) == 0 and _count(session, SourceRetrieval) == 0


def test_a_redirect_to_a_private_address_is_refused(
    client, token_for, annotator, server, allow_local, session
):
    response = _api_import(client, token_for, annotator, f"{server}/to-private")
    assert response.status_code == 422
    assert "10.0.0.1" in response.json["message"]
    assert _count(session, Source) == 0


def test_too_many_redirects_are_refused(client, token_for, annotator, server, allow_local, app):
    app.config["FETCH_MAX_REDIRECTS"] = 2
    response = _api_import(client, token_for, annotator, f"{server}/hop/5")
    assert response.status_code == 422 and "more than 2 times" in response.json["message"]


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
def test_a_huge_body_is_refused_within_the_size_limit(
    client, token_for, annotator, server, allow_local, session, path
):
    started = time.monotonic()
    response = _api_import(client, token_for, annotator, server + path)
    assert response.status_code == 422 and "larger than the limit" in response.json["message"]
    assert time.monotonic() - started < 5
    assert _count(session, Source) == 0


def test_a_stalled_server_is_refused_within_the_time_limit(
    client, token_for, annotator, server, allow_local, session
):
    started = time.monotonic()
    response = _api_import(client, token_for, annotator, f"{server}/stall")
    assert response.status_code == 422 and "within 1 seconds" in response.json["message"]
    assert time.monotonic() - started < 5
    assert _count(session, Source) == 0


def test_an_error_status_is_refused(client, token_for, annotator, server, allow_local, session):
    response = _api_import(client, token_for, annotator, f"{server}/missing")
    assert response.status_code == 422 and "HTTP 404" in response.json["message"]


def test_web_form_shows_the_refusal_and_stores_nothing(client, auth, annotator, session):
    auth.login(annotator)
    response = client.post("/sources/import", data={"url": "http://10.0.0.1/"})
    assert response.status_code == 422 and b"private, loopback" in response.data
    assert _count(session, Source) == 0


def test_allow_list_takes_cidr_ranges():
    limits = FetchLimits(timeout=1, max_bytes=1000, allowed_hosts=("10.0.0.0/8",))
    with pytest.raises(FetchError, match=r"resolves to 127\.0\.0\.1"):
        fetch_url("http://127.0.0.1:9/", limits)
    assert not is_public(ipaddress.ip_address("10.1.2.3"))
    assert not is_public(ipaddress.ip_address("100.64.0.1"))  # carrier-grade NAT
    assert is_public(ipaddress.ip_address("93.184.216.34"))
