"""In Chromium: the dashboard fits the window and reads at a glance at 1,280 and 390 px, with
the re-check queue; a citation is corrected before the verdict and frozen after it."""

import os
from datetime import date
from pathlib import Path

import pytest

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import create_user, user_by_email
from factdb.services.errors import FROZEN_MESSAGE
from factdb.services.review.claims import create_claim, get_claim
from factdb.services.review.evidence import add_citation, assign
from factdb.services.review.workflow import transition
from factdb.services.sources.documents import create_source
from factdb.services.tracking.recheck import set_recheck_date
from tests.browser.test_review_flow import sign_in

SHOTS = (
    Path(os.environ["FACTDB_SCREENSHOTS_DIR"]) if os.environ.get("FACTDB_SCREENSHOTS_DIR") else None
)
SENTENCES = [
    "The Harbour Board said on Tuesday that container traffic through the northern terminals "
    f"rose by {n + 3} per cent in the year to March, the fastest growth since the dredging "
    "works were completed and well above the regional average reported by the ministry."
    for n in range(9)
]
RATE = "Unemployment in the region is 4.1 per cent, the Statistics Bureau said on Friday."
ARTICLE = "\n\n".join([*SENTENCES, RATE])
DUE_TEXT = "Regional unemployment is 4.1 per cent."


def _claim(s, author, source_id, text, exact, kind="statement", value=None):
    return create_claim(
        s,
        author,
        source_id=source_id,
        kind=kind,
        text=text,
        excerpt={"exact": exact},
        organization="Harbour Board" if kind == "statement" else "Statistics Bureau",
        value=value or {},
    )


def _move(s, user, claim, to, note=None):
    return transition(s, user, claim.id, to, get_claim(s, claim.id).version, note)


@pytest.fixture
def busy_desk(live_server, tmp_path):
    """A source with a dozen claims in every state: waiting, in Rui's queue, sent back to Ana,
    decided, and a verified figure whose re-check date has passed."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana, rui = user_by_email(s, "ana@example.org"), user_by_email(s, "rui@example.org")
        edith = create_user(s, "edith@example.org", "correct horse battery", "editor", "Edith")
        source = create_source(s, ana, title="Harbour traffic and regional jobs", text=ARTICLE)
        claims = [
            _claim(s, ana, source.id, f"Traffic rose {n + 3} per cent. {sentence}", sentence)
            for n, sentence in enumerate(SENTENCES)
        ]
        for claim in claims[:7]:
            _move(s, ana, claim, "submitted")
        for claim in claims[4:7]:
            assign(s, edith, claim.id, rui.id, get_claim(s, claim.id).version)
            _move(s, rui, claim, "in_review")
        _move(s, rui, claims[6], "draft", "Quote the figure, not the whole paragraph.")
        due = _claim(
            s, ana, source.id, DUE_TEXT, "4.1 per cent", "figure", {"amount": "4.1", "unit": "%"}
        )
        _move(s, ana, due, "submitted")
        _move(s, rui, due, "in_review")
        add_citation(s, rui, due.id, url="https://stats.example.org/labour", stance="supports")
        _move(s, rui, due, "verified", "Matches the bureau's table.")
        set_recheck_date(s, rui, due.id, date(2020, 1, 1), "The series was revised.")
    engine.dispose()
    return live_server


def _fits_and_reads(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    texts = page.locator(".row-text")
    assert texts.count() >= 5
    for i in range(texts.count()):
        box = texts.nth(i).bounding_box()
        line = float(texts.nth(i).evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        # At most two lines, and wide enough for several words per line.
        assert box["height"] <= 2 * line + 1, texts.nth(i).inner_text()
        assert box["width"] >= 180, box


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_dashboard_fits_the_window_and_lists_the_due_figure(browser, busy_desk, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    sign_in(page, busy_desk, "rui@example.org")
    _fits_and_reads(page)
    # Focus (as hover) shows the whole claim text, not just its first two lines.
    first = page.locator("section[aria-labelledby=queue-h] .row-text").first
    line = float(first.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    first.focus()
    assert first.bounding_box()["height"] > 2 * line + 1
    page.locator("h1").click()
    due = page.locator("section[aria-labelledby=due-h]")
    assert DUE_TEXT in due.inner_text()
    assert "Re-check page" in due.inner_text()
    queue = page.locator("section[aria-labelledby=queue-h] .panel-size").inner_text()
    assert queue == "2"
    if SHOTS and width == 1280:
        page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)
    page.click("text=Sign out")
    sign_in(page, busy_desk, "ana@example.org")
    sent_back = page.locator("section[aria-labelledby=sent-back-h]").inner_text()
    assert "Quote the figure, not the whole paragraph." in sent_back
    _fits_and_reads(page)
    context.close()


def test_a_citation_is_corrected_before_the_verdict_and_frozen_after(browser, busy_desk, tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana, rui = user_by_email(s, "ana@example.org"), user_by_email(s, "rui@example.org")
        source_id = get_claim(s, 1).source_id
        claim = _claim(
            s,
            ana,
            source_id,
            "The Statistics Bureau reported the regional rate.",
            "the Statistics Bureau said on Friday",
        )
        _move(s, ana, claim, "submitted")
        _move(s, rui, claim, "in_review")
        claim_id = claim.id
    engine.dispose()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    sign_in(page, busy_desk, "rui@example.org")
    claim_url = f"{busy_desk}/claims/{claim_id}"
    page.goto(claim_url)
    page.fill("#url", "https://harbour.example.org/wrong-report")
    page.select_option("#stance", "refutes")
    page.click("button:has-text('Add citation')")
    page.wait_for_selector("text=Citation added")

    citation = page.locator(".citations li.evidence").first
    citation.locator("summary:has-text('Edit')").click()
    citation.locator("input[name=url]").fill("https://harbour.example.org/annual-report")
    citation.locator("select[name=stance]").select_option("supports")
    citation.locator("button:has-text('Save citation')").click()
    page.wait_for_selector("text=Citation corrected")
    citation = page.locator(".citations li.evidence").first
    assert "annual-report" in citation.locator("a").first.get_attribute("href")
    assert "supports" in citation.inner_text() and "edited" in citation.inner_text()

    # A second tab keeps the edit form open while the verdict is given in the first.
    stale = context.new_page()
    stale.goto(claim_url)
    stale.locator(".citations li.evidence summary:has-text('Edit')").first.click()

    page.fill("#review-note", "The annual report confirms the growth.")
    page.click("button:has-text('Verify')")
    page.wait_for_selector(".badge.status-verified")
    assert page.locator(".citations .evidence-actions").count() == 0
    assert "edited a citation" in page.locator(".timeline").inner_text()

    stale.locator(".citations li.evidence input[name=title]").first.fill("Too late")
    stale.locator("button:has-text('Save citation')").first.click()
    stale.wait_for_selector("[role=alert]")
    assert FROZEN_MESSAGE in stale.locator("[role=alert]").inner_text()
    page.reload()
    assert "Too late" not in page.content()
    context.close()
