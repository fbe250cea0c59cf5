"""End to end in Chromium: an annotator marks a date claim, a reviewer verifies it."""

import os
from pathlib import Path

ARTICLE = (
    "Riverside library reopens after flood repairs\n\n"
    "The Riverside Library Trust said the main library would reopen on 4 March 2024 after "
    "eleven months of repairs. The trust spent 2.3 million dollars on the work.\n\n"
    "Readers queued outside before the doors opened."
)
SENTENCE = "the main library would reopen on 4 March 2024"
SHOTS = (
    Path(os.environ.get("FACTDB_SCREENSHOTS_DIR", ""))
    if os.environ.get("FACTDB_SCREENSHOTS_DIR")
    else None
)


def sign_in(page, base, email):
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    page.wait_for_url(base + "/")


def sign_out(page):
    page.click("text=Sign out")


def select_text(page, text):
    """Select ``text`` inside the reader with a DOM range, as a mouse drag would."""
    page.evaluate(
        """(needle) => {
            const root = document.getElementById("source-text");
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode;
                const at = node.data.indexOf(needle);
                if (at >= 0) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + needle.length);
                    const selection = window.getSelection();
                    selection.removeAllRanges();
                    selection.addRange(range);
                    return;
                }
            }
            throw new Error("text not found");
        }""",
        text,
    )


def test_annotator_marks_a_date_claim_and_reviewer_verifies_it(page, live_server):
    base = live_server
    sign_in(page, base, "ana@example.org")
    page.click("text=Sources")
    page.click("text=Add a source")
    page.fill("#title", "Riverside library reopens")
    page.fill("#url", "https://news.example.org/library")
    page.fill("#text", ARTICLE)
    page.click("button:has-text('Add source')")
    page.wait_for_selector("#source-text")

    select_text(page, SENTENCE)
    link = page.locator("#selection-link")
    link.wait_for(state="visible")
    if SHOTS:
        page.screenshot(path=str(SHOTS / "reader.png"), full_page=True)
    link.click()
    page.wait_for_selector("#claim-form")
    assert page.locator(".excerpt-preview").inner_text() == SENTENCE
    page.select_option("#kind", "date")
    page.fill("#text", "The main library reopens on 4 March 2024.")
    page.fill("#organization", "Riverside Library Trust")
    page.fill("#date", "2024-03-04")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    claim_url = page.url
    page.click("button:has-text('Submit for review')")
    page.wait_for_selector(".badge.status-submitted")
    sign_out(page)

    sign_in(page, base, "rui@example.org")
    page.goto(claim_url)
    page.click("button:has-text('Take for review')")
    page.wait_for_selector(".badge.status-in_review")
    page.fill("#review-note", "Council notice confirms the date.")
    page.click("button:has-text('Verify')")
    alert = page.locator("[role=alert]")
    assert "add a citation that supports it" in alert.inner_text()
    assert page.input_value("#review-note") == "Council notice confirms the date."

    page.fill("#url", "https://council.example.org/notices/library-reopening")
    page.select_option("#stance", "supports")
    page.fill("#quote", "The library reopens to the public on Monday 4 March 2024.")
    page.click("button:has-text('Add citation')")
    page.wait_for_selector("text=Citation added")
    page.fill("#review-note", "Council notice confirms the date.")
    page.click("button:has-text('Verify')")
    page.wait_for_selector(".badge.status-verified")
    history = page.locator(".timeline").inner_text()
    for step in (
        "created the claim",
        "draft → submitted",
        "submitted → in review",
        "added a citation",
        "in review → verified",
    ):
        assert step in history
    if SHOTS:
        page.screenshot(path=str(SHOTS / "claim.png"), full_page=True)

    page.goto(base + "/claims?status=verified")
    assert "The main library reopens on 4 March 2024." in page.locator("table.claims").inner_text()


def test_reader_works_at_phone_width(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live_server, "ana@example.org")
    page.goto(live_server + "/sources/new")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
