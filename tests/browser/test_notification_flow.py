"""End to end in Chromium: an editor bulk-assigns claims to a reviewer, who signs in, sees the
unread badge in the header and the notification in the inbox, and opens it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import create_user, user_by_email
from factdb.services.review.claims import create_claim
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source
from tests.browser.conftest import PASSWORD

TEXT = (
    "The harbour authority said on Monday that cargo volumes rose 12 per cent in 2024. "
    "It will dredge the eastern basin by 2026, its director said."
)
SHOTS = (
    Path(os.environ["FACTDB_SCREENSHOTS_DIR"]) if os.environ.get("FACTDB_SCREENSHOTS_DIR") else None
)
EXCERPTS = ("cargo volumes rose 12 per cent in 2024", "It will dredge the eastern basin by 2026")


@pytest.fixture
def desk_server(live_server, tmp_path):
    """The live server with an editor and the annotator's two submitted claims (written to
    the database file the ``live_server`` fixture serves)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana = user_by_email(s, "ana@example.org")
        create_user(s, "edith@example.org", PASSWORD, "editor", "Edith Editor")
        source = create_source(s, ana, title="Harbour report", text=TEXT)
        for exact in EXCERPTS:
            claim = create_claim(
                s,
                ana,
                source_id=source.id,
                kind="statement",
                text=exact,
                excerpt={"exact": exact},
                organization="Harbour Authority",
            )
            transition(s, ana, claim.id, "submitted", claim.version)
    engine.dispose()
    return live_server


def sign_in(page, base, email):
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_reviewer_sees_a_notification_after_an_editor_bulk_assigns_claims(
    browser, desk_server, viewport
):
    base = desk_server
    width, height = viewport
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, base, "edith@example.org")
        page.goto(base + "/claims?status=submitted")
        boxes = page.locator('input[type=checkbox][name="claim"]')
        assert boxes.count() == 2
        for n in range(2):
            boxes.nth(n).check()
        page.select_option("#bulk-assignee", label="Rui Reviewer")
        page.click("#bulk-assign button[type=submit]")
        page.wait_for_selector("text=2 claim(s) assigned.")
        assert page.locator('[data-testid="unread-count"]').count() == 0  # nothing for the editor
        page.click("text=Sign out")

        sign_in(page, base, "rui@example.org")
        badge = page.locator('[data-testid="unread-count"]')
        assert badge.inner_text().startswith("2")
        page.click("a.inbox")
        page.wait_for_url(base + "/notifications")
        items = page.locator("li.notification.unread")
        assert items.count() == 2
        first = items.first.locator("button.link")
        assert "Edith Editor assigned claim #" in first.inner_text()
        first.click()
        page.wait_for_url(f"{base}/claims/*")
        assert page.locator('[data-testid="unread-count"]').inner_text().startswith("1")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.goto(base + "/notifications")
        assert page.locator("li.notification.unread").count() == 1
        if SHOTS and width == 1280:
            page.screenshot(path=str(SHOTS / "notifications.png"))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    finally:
        context.close()
