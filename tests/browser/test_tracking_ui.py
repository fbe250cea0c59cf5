"""End to end in Chromium: the claim form hints at a similar claim as the annotator types;
the two claims about one event conflict; a reviewer links them from the similar-claims view;
the Conflicts page lists the pair."""

from datetime import date

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import user_by_email
from factdb.services.review.claims import create_claim
from factdb.services.sources.documents import create_source
from tests.browser.test_review_flow import SHOTS, sign_in, sign_out
from tests.tracking_support import DECIDED, PASSED

CLAIM_TEXT = "The Northern Parliament passed the flood protection law on {} January 2020."


def seed(tmp_path) -> tuple[int, int]:
    """The first claim (3 January) in one source, and a second source that says 5 January."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as session:
        ana = user_by_email(session, "ana@example.org")
        first = create_source(
            session,
            ana,
            title="Parliament passes flood law",
            text=PASSED,
            url="https://news.example.org/flood-law",
            published=date(2020, 1, 4),
        )
        second = create_source(
            session,
            ana,
            title="Official: law decided on 5 January",
            text=DECIDED,
            url="https://wire.example.org/flood-law",
            published=date(2020, 1, 6),
        )
        claim = create_claim(
            session,
            ana,
            source_id=first.id,
            kind="date",
            text=CLAIM_TEXT.format(3),
            excerpt={"exact": "3 January 2020"},
            organization="Northern Parliament",
            value={"date": "2020-01-03", "precision": "day"},
        )
        ids = claim.id, second.id
    engine.dispose()
    return ids


def test_similar_claims_and_conflicts_in_the_browser(page, live_server, tmp_path):
    base = live_server
    first_id, second_source = seed(tmp_path)
    start = DECIDED.index("5 January 2020")
    sign_in(page, base, "ana@example.org")
    page.goto(f"{base}/sources/{second_source}/claims/new?start={start}&end={start + 14}")
    page.select_option("#kind", "date")
    page.fill("#organization", "Northern Parliament")
    page.locator("#text").press_sequentially(CLAIM_TEXT.format(5), delay=5)
    hint = page.locator("#similar-hint a")
    hint.wait_for(state="visible")
    assert hint.inner_text() == "1 similar claim"
    if SHOTS:
        page.screenshot(path=str(SHOTS / "claim-form-hint.png"), full_page=True)
    page.fill("#date", "2020-01-05")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    claim_url = page.url
    assert page.locator("#tracking .badge.conflict").count() >= 1
    page.locator("#similar-summary a").wait_for(state="visible")
    sign_out(page)

    sign_in(page, base, "rui@example.org")
    page.goto(claim_url)
    page.click("text=Find claims like this one")
    listed = page.locator("ol.similar").first
    assert f"#{first_id} {CLAIM_TEXT.format(3)}" in listed.inner_text()
    if SHOTS:
        page.screenshot(path=str(SHOTS / "similar-claims.png"), full_page=True)
    listed.locator("button:has-text('Same claim')").first.click()
    page.wait_for_selector("text=is now matched with this one")
    assert "Same claim elsewhere (1)" in page.locator("#tracking").inner_text()

    page.click("nav >> text=Conflicts")
    rows = page.locator("table.conflicts tbody").inner_text()
    assert CLAIM_TEXT.format(3) in rows and CLAIM_TEXT.format(5) in rows
    assert "3 January 2020 vs 5 January 2020" in rows
    if SHOTS:
        page.screenshot(path=str(SHOTS / "conflicts.png"), full_page=True)
