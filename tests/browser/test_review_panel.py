"""In Chromium, at 1,280 and 390 px: the claim page's review panel shows the citation form open
above the verdict buttons, so a citation and a verdict are given on one page; Retract asks
first; a content author reads why they cannot decide; a second reviewer sees who else has the
claim open; axe finds nothing serious."""

import os
from pathlib import Path

import pytest

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import create_user, user_by_email
from factdb.services.sources.documents import create_source
from tests.browser.test_accessibility import axe_path, violations  # noqa: F401 (a fixture)
from tests.browser.test_dashboard_and_evidence import _claim, _move
from tests.browser.test_review_flow import sign_in

SHOTS = (
    Path(os.environ["FACTDB_SCREENSHOTS_DIR"]) if os.environ.get("FACTDB_SCREENSHOTS_DIR") else None
)
pytestmark = pytest.mark.browser
WINDOWS = pytest.mark.parametrize("window", [(1280, 800), (390, 844)], ids=["wide", "phone"])
ARTICLE = (
    "The Harbour Board said on Tuesday that container traffic rose by 9 per cent in the year "
    "to March.\n\nThe board also said it will dredge the eastern basin by 2026."
)


@pytest.fixture
def panel_desk(live_server, tmp_path):
    """Three claims by Ana or Rui: one in Rui's review, one Ana's draft, one Rui wrote himself
    and submitted; Dana is a second reviewer."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana, rui = user_by_email(s, "ana@example.org"), user_by_email(s, "rui@example.org")
        create_user(s, "dana@example.org", "correct horse battery", "reviewer", "Dana Reviewer")
        source = create_source(s, ana, title="Harbour traffic", text=ARTICLE)
        reviewed = _claim(s, ana, source.id, "Container traffic rose 9 per cent.", "rose by 9")
        _move(s, ana, reviewed, "submitted")
        _move(s, rui, reviewed, "in_review")
        draft = _claim(s, ana, source.id, "The basin is dredged by 2026.", "dredge the eastern")
        own = _claim(s, rui, source.id, "The board spoke on Tuesday.", "said on Tuesday")
        _move(s, rui, own, "submitted")
        ids = {"reviewed": reviewed.id, "draft": draft.id, "own": own.id}
    engine.dispose()
    return live_server, ids


def desk(browser, base, email, window):
    context = browser.new_context(
        viewport={"width": window[0], "height": window[1]}, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    sign_in(page, base, email)
    return context, page


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WINDOWS
def test_a_citation_and_a_verdict_are_given_on_one_page_with_the_other_reviewer_shown(
    browser,
    panel_desk,
    window,
    axe_path,  # noqa: F811
):
    base, ids = panel_desk
    url = f"{base}/claims/{ids['reviewed']}"
    rui_context, rui = desk(browser, base, "rui@example.org", window)
    dana_context, dana = desk(browser, base, "dana@example.org", window)
    try:
        rui.goto(url)
        assert rui.locator("#presence").is_hidden()  # nobody else yet
        dana.goto(url)
        dana.wait_for_load_state("networkidle")  # Dana's first heartbeat has been recorded
        # Rui's heartbeat (every 30 s, and when the tab shows again) brings the news.
        rui.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
        rui.locator("#presence").wait_for(state="visible")
        assert "Being reviewed by Dana Reviewer (opened just now)" in rui.inner_text("#presence")
        rui.reload()
        assert "Being reviewed by Dana Reviewer" in rui.inner_text("#presence")

        form = rui.locator("form.add-citation")
        assert form.is_visible() and rui.locator("#url").is_visible()  # open, not collapsed
        verify = rui.locator("button.move-verified")
        form_top = form.bounding_box()["y"]
        assert form_top < rui.locator("#review-note").bounding_box()["y"]
        assert form_top < verify.bounding_box()["y"]
        assert fits(rui)
        assert not violations(rui, axe_path)
        if SHOTS and window[0] == 1280:
            rui.locator("#stance").select_option("supports")
            rui.screenshot(path=str(SHOTS / "claim-review-panel.png"), full_page=True)

        rui.fill("#url", "https://stats.example.org/harbour-2024")
        rui.select_option("#stance", "supports")
        rui.click("button:has-text('Add citation')")
        rui.wait_for_selector("text=Citation added")
        assert rui.url.endswith("#citations")
        rui.fill("#review-note", "The port statistics confirm the 9 per cent rise.")
        rui.click("button.move-verified")
        rui.wait_for_selector(".badge.status-verified")
        assert "in review → verified" in rui.locator(".timeline").inner_text()
        assert rui.locator("form.add-citation").count() == 0  # the verdict froze the evidence
    finally:
        rui_context.close()
        dana_context.close()


@WINDOWS
def test_retract_asks_first_and_dismissing_leaves_the_claim_alone(browser, panel_desk, window):
    base, ids = panel_desk
    context, ana = desk(browser, base, "ana@example.org", window)
    try:
        ana.goto(f"{base}/claims/{ids['draft']}")
        asked = []

        def dismiss(dialog):
            asked.append(dialog.message)
            dialog.dismiss()

        ana.once("dialog", dismiss)
        ana.click("button.move-retracted")
        assert asked and asked[0].startswith("Retract this claim?")
        ana.reload()
        assert ana.locator(".claim-head .badge").inner_text() == "draft"

        ana.once("dialog", lambda dialog: dialog.accept())
        ana.click("button.move-retracted")
        ana.wait_for_selector(".claim-head .badge.status-retracted")
        assert "draft → retracted" in ana.locator(".timeline").inner_text()
    finally:
        context.close()


@WINDOWS
def test_a_content_author_reads_why_another_reviewer_must_decide(
    browser,
    panel_desk,
    window,
    axe_path,  # noqa: F811
):
    base, ids = panel_desk
    context, rui = desk(browser, base, "rui@example.org", window)
    try:
        rui.goto(f"{base}/claims/{ids['own']}")
        reason = rui.locator(".blocked-reason")
        assert reason.inner_text() == (
            "You created this claim, so another reviewer must decide it (four eyes)."
        )
        assert rui.locator("button:has-text('Take for review')").count() == 0
        assert fits(rui)
        assert not violations(rui, axe_path)
    finally:
        context.close()
