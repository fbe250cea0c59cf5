"""A real server on 127.0.0.1 and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from factdb import create_app
from factdb.db import get_engine, session_scope
from factdb.services.accounts.users import create_user

CHROMIUM = os.environ.get("FACTDB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright (Python) is not installed")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(migrated_template, tmp_path):
    """The app served by a real WSGI server on a free port of 127.0.0.1, with two users."""
    if "url" in migrated_template:
        pytest.skip("browser tests run on the SQLite pass")
    path = tmp_path / "live.sqlite3"
    shutil.copy(migrated_template["path"], path)
    app = create_app(
        {"ENV_NAME": "testing", "DATABASE_URL": f"sqlite:///{path}", "WTF_CSRF_ENABLED": True}
    )
    with session_scope(get_engine(app)) as session:
        create_user(session, "ana@example.org", PASSWORD, "annotator", "Ana Annotator")
        create_user(session, "rui@example.org", PASSWORD, "reviewer", "Rui Reviewer")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)  # generous: a busy 2-core machine runs the suite
    yield page
    context.close()
