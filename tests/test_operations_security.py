"""Configuration and operations: secret keys, `serve` on safe addresses, caching, session
lifetimes, a full or read-only database, restore while in use, error logs without user text."""

import logging
import secrets
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError

from factdb import create_app
from factdb.db import get_engine
from factdb.security import secret_key_bits
from factdb.services.accounts import tokens
from factdb.services.maintenance.in_use import MARKER_NAME, mark_serving
from tests.conftest import PASSWORD


@pytest.mark.parametrize(
    "key", ["x", "x" * 64, "abcd" * 16, "dev-only-not-secret", secrets.token_hex(16)]
)
def test_production_refuses_a_secret_key_under_32_random_bytes(key, tmp_path):
    with pytest.raises(RuntimeError, match=r"32 random bytes.*secrets.token_urlsafe\(32\)"):
        create_app(
            {
                "ENV_NAME": "production",
                "DATABASE_URL": f"sqlite:///{tmp_path}/p.db",
                "SECRET_KEY": key,
            }
        )


@pytest.mark.parametrize("key", [secrets.token_hex(32), secrets.token_urlsafe(32)])
def test_production_accepts_a_generated_secret_key(key, tmp_path):
    assert secret_key_bits(key) >= 256
    app = create_app(
        {"ENV_NAME": "production", "DATABASE_URL": f"sqlite:///{tmp_path}/p.db", "SECRET_KEY": key}
    )
    get_engine(app).dispose()


def test_serve_refuses_development_settings_on_a_reachable_address(runner, monkeypatch):
    monkeypatch.setattr("factdb.server.run_gunicorn", lambda *a: pytest.fail("started"))
    result = runner.invoke(args=["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 1
    assert "refusing to serve testing settings on 0.0.0.0" in result.stderr


def test_serve_warns_in_development_settings_and_marks_the_database_in_use(
    runner, monkeypatch, app
):
    seen = {}

    def fake_gunicorn(factory, host, port, workers, timeout=60):
        seen["bind"] = (host, port)
        seen["marker"] = (Path(app.instance_path) / MARKER_NAME).exists()

    monkeypatch.setattr("factdb.server.run_gunicorn", fake_gunicorn)
    result = runner.invoke(args=["serve", "--host", "127.0.0.1", "--port", "5099"])
    assert result.exit_code == 0, result.output
    assert "warning: serving with testing settings" in result.stderr
    assert seen == {"bind": ("127.0.0.1", 5099), "marker": True}


def test_restore_refuses_while_a_server_uses_the_database(runner, app, engine, tmp_path):
    mark_serving(app.instance_path, engine)
    result = runner.invoke(args=["restore", str(tmp_path / "backup.sqlite3"), "--yes"])
    assert result.exit_code == 1
    assert "in use" in result.stderr and "--force" in result.stderr
    forced = runner.invoke(args=["restore", str(tmp_path / "backup.sqlite3"), "--yes", "--force"])
    assert "in use" not in forced.stderr  # it goes on (and stops at the missing file)


def test_restore_on_postgresql_refuses_while_another_client_is_connected(runner, engine, tmp_path):
    if engine.dialect.name != "postgresql":
        pytest.skip("pg_stat_activity is PostgreSQL's")
    from factdb.db import make_engine

    other = make_engine(engine.url.render_as_string(hide_password=False))
    with other.connect():
        result = runner.invoke(args=["restore", str(tmp_path / "backup.dump"), "--yes"])
    other.dispose()
    assert result.exit_code == 1 and "other connection" in result.stderr


def test_signed_in_pages_and_api_answers_are_not_stored(client, auth, annotator):
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")
    assert client.get("/api/v1/claims").headers["Cache-Control"] == "no-store"
    auth.login(annotator)
    for path in ("/", "/claims", "/account/password"):
        assert client.get(path).headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/static/css/app.css").headers.get("Cache-Control", "")


def test_remember_me_lasts_30_days(client, annotator):
    response = client.post(
        "/login", data={"email": annotator.email, "password": PASSWORD, "remember": "y"}
    )
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if "remember_token" in c)
    expires = parsedate_to_datetime(cookie.split("Expires=")[1].split(";")[0])
    assert 29 <= (expires - datetime.now(UTC)).days <= 30


def test_an_idle_browser_is_signed_out(app, client, auth, annotator, monkeypatch):
    app.config["IDLE_TIMEOUT_MINUTES"] = 30
    auth.login(annotator)
    assert client.get("/claims").status_code == 200
    later = time.time() + 31 * 60
    monkeypatch.setattr("factdb.security.time.time", lambda: later)
    response = client.get("/claims")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    assert client.get("/").status_code == 302


def test_a_browser_in_use_is_not_signed_out(app, client, auth, annotator, monkeypatch):
    app.config["IDLE_TIMEOUT_MINUTES"] = 30
    auth.login(annotator)
    start = time.time()
    for minutes in (20, 40, 60):
        monkeypatch.setattr("factdb.security.time.time", lambda m=minutes: start + m * 60)
        assert client.get("/claims").status_code == 200


def _on_every_connection(engine, statement: str) -> None:
    """Run ``statement`` outside any transaction on each new connection (so it stays)."""

    def run(connection, _record) -> None:
        autocommit = getattr(connection, "autocommit", None)
        if autocommit is not None:
            connection.autocommit = True
        connection.cursor().execute(statement)
        if autocommit is not None:
            connection.autocommit = autocommit

    engine.dispose()
    event.listen(engine, "connect", run)


def test_a_read_only_database_answers_503_with_a_clear_page(
    app, client, auth, annotator, engine, tx
):
    with tx() as s:
        _, secret = tokens.create_token(s, annotator, "script")
    auth.login(annotator)
    if engine.dialect.name == "sqlite":
        _on_every_connection(engine, "PRAGMA query_only = ON")
    else:
        _on_every_connection(engine, "SET default_transaction_read_only = on")
    page = client.post("/sources/new", data={"title": "T", "text": "Some words to keep."})
    assert page.status_code == 503 and page.headers["Retry-After"]
    assert "cannot be written" in page.get_data(as_text=True)
    api = client.post(
        "/api/v1/sources",
        json={"title": "T", "text": "Words."},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert api.status_code == 503 and "read-only" in api.json["message"]


def test_a_full_sqlite_database_answers_503(app, client, auth, annotator, engine):
    if engine.dialect.name != "sqlite":
        pytest.skip("max_page_count is SQLite's way to fill the disk")
    auth.login(annotator)
    with engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    _on_every_connection(engine, f"PRAGMA max_page_count = {pages}")
    page = client.post("/sources/new", data={"title": "T", "text": "x " * 200_000})
    assert page.status_code == 503 and "disk is full" in page.get_data(as_text=True)


def test_error_logs_hold_neither_typed_text_nor_sql_parameters(
    client, auth, annotator, monkeypatch, caplog
):
    def broken(*args, text=None, **kwargs):
        raise RuntimeError(f"could not store {text!r}")

    monkeypatch.setattr("factdb.web.sources.create_source", broken)
    auth.login(annotator)
    caplog.set_level(logging.INFO)
    page = client.post("/sources/new", data={"title": "T", "text": "MY PRIVATE NOTE"})
    assert page.status_code == 500
    logged = "\n".join(r.getMessage() + str(r.exc_text or "") for r in caplog.records)
    assert "RuntimeError" in logged and "MY PRIVATE NOTE" not in logged


def test_database_errors_never_carry_the_parameters(engine):
    with pytest.raises(DBAPIError) as raised, engine.connect() as connection:
        connection.execute(text("SELECT * FROM no_such_table WHERE x = :v"), {"v": "secret text"})
    assert "secret text" not in str(raised.value)
