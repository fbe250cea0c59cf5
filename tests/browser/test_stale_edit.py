"""End to end in Chromium, two people at once: what one typed survives the other's change.

An annotator edits a claim while an editor changes it; the annotator's save comes back with
the typed wording, what the editor changed, and saves again on top. A reviewer writing a verdict
note while an editor reassigns the claim keeps the note, shown for copying with the reason."""

from __future__ import annotations

import pytest

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import create_user, user_by_email
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_citation
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source
from tests.browser.conftest import PASSWORD

TEXT = (
    "The harbour authority said on Monday that cargo volumes rose 12 per cent in 2024. "
    "It will dredge the eastern basin by 2026, its director said."
)
EXCERPT = "cargo volumes rose 12 per cent in 2024"


@pytest.fixture
def two_desks(live_server, tmp_path):
    """The live server with an editor, a second reviewer and one claim: (base URL, claim id,
    a function that moves the claim into review with a supporting citation)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana = user_by_email(s, "ana@example.org")
        create_user(s, "edith@example.org", PASSWORD, "editor", "Edith Editor")
        create_user(s, "rosa@example.org", PASSWORD, "reviewer", "Rosa Reviewer")
        source = create_source(s, ana, title="Harbour report", text=TEXT)
        claim = create_claim(
            s,
            ana,
            source_id=source.id,
            kind="statement",
            text="Cargo volumes rose 12 per cent.",
            excerpt={"exact": EXCERPT},
            organization="Harbour Authority",
        )
        claim_id = claim.id

    def into_review():
        with session_scope(engine) as s:
            ana, rui = user_by_email(s, "ana@example.org"), user_by_email(s, "rui@example.org")
            transition(s, ana, claim_id, "submitted", 1)
            transition(s, rui, claim_id, "in_review", 2)
            add_citation(s, rui, claim_id, url="https://stats.example.org/ports", stance="supports")

    yield live_server, claim_id, into_review
    engine.dispose()


WINDOWS = pytest.mark.parametrize("window", [(1280, 800), (390, 844)], ids=["wide", "phone"])


def desk(browser, base, email, window=(1280, 800)):
    context = browser.new_context(viewport={"width": window[0], "height": window[1]})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")
    return context, page


@WINDOWS
def test_a_stale_edit_keeps_the_typed_text_and_saves_again(browser, two_desks, window):
    base, claim_id, _ = two_desks
    ana_context, ana = desk(browser, base, "ana@example.org", window)
    edith_context, edith = desk(browser, base, "edith@example.org")
    try:
        ana.goto(f"{base}/claims/{claim_id}/edit")
        ana.fill("#text", "Cargo volumes at the harbour rose 12 per cent in 2024.")
        edith.goto(f"{base}/claims/{claim_id}/edit")
        edith.fill("#speaker", "The harbour authority")
        edith.click("button:has-text('Save changes')")
        edith.wait_for_url(f"{base}/claims/{claim_id}")

        ana.click("button:has-text('Save changes')")
        summary = ana.locator("#meanwhile")
        assert "Edith Editor" in summary.inner_text()
        assert "value" in summary.inner_text()
        assert ana.input_value("#text") == "Cargo volumes at the harbour rose 12 per cent in 2024."
        assert ana.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        ana.click("button:has-text('Save again')")
        ana.wait_for_url(f"{base}/claims/{claim_id}")
        heading = ana.locator("h1").inner_text()
        assert heading == "Cargo volumes at the harbour rose 12 per cent in 2024."
        assert "version 3" in ana.locator(".claim-head .meta").inner_text()
        # The editor's change to a field the annotator left alone is kept.
        assert "The harbour authority" in ana.locator(".facts").first.inner_text()
    finally:
        ana_context.close()
        edith_context.close()


@WINDOWS
def test_a_verdict_note_survives_a_reassignment(browser, two_desks, window):
    base, claim_id, into_review = two_desks
    into_review()
    rui_context, rui = desk(browser, base, "rui@example.org", window)
    edith_context, edith = desk(browser, base, "edith@example.org")
    note = "Port statistics for 2024 confirm the 12 per cent rise."
    try:
        rui.goto(f"{base}/claims/{claim_id}")
        rui.fill("#review-note", note)
        edith.goto(f"{base}/claims/{claim_id}")
        edith.select_option("#assignee", label="Rosa Reviewer")
        edith.click("button:has-text('Assign')")
        edith.wait_for_url(f"{base}/claims/{claim_id}")

        rui.click("button.move-verified")
        kept = rui.locator("#kept-note")
        assert "is for the claim's assignee" in kept.inner_text()
        assert rui.input_value("#kept-note-text") == note
        assert rui.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert "assigned the claim to Rosa Reviewer" in rui.locator("#meanwhile").inner_text()
    finally:
        rui_context.close()
        edith_context.close()
