"""End to end in Chromium: a page re-added with one sentence edited flags the claim on it; the
reviewer reads both texts and the diff, and marks the flag handled."""

from test_review_flow import SHOTS, select_text, sign_in, sign_out

URL = "https://harbour.example.org/news/terminal"
FIRST = (
    "Harbour terminal on schedule\n\n"
    "The Harbour Authority said the east terminal would open on 4 March 2026. "
    "Ferries will call there every hour.\n\n"
    "Critics said the pier is too short."
)
SECOND = FIRST.replace("4 March 2026", "9 March 2026").replace(
    " Ferries will call there every hour.", ""
)
SENTENCE = "the east terminal would open on 4 March 2026"


def add_source(page, base, text):
    page.goto(base + "/sources/new")
    page.fill("#title", "Harbour terminal on schedule")
    page.fill("#url", URL)
    page.fill("#text", text)
    page.click("button:has-text('Add source')")
    page.wait_for_selector("#source-text")


def test_revised_source_flags_the_changed_claim_for_the_reviewer(page, live_server):
    base = live_server
    sign_in(page, base, "ana@example.org")
    add_source(page, base, FIRST)
    select_text(page, SENTENCE)
    page.locator("#selection-link").click()
    page.wait_for_selector("#claim-form")
    page.select_option("#kind", "date")
    page.fill("#text", "The east terminal opens on 4 March 2026.")
    page.fill("#organization", "Harbour Authority")
    page.fill("#date", "2026-03-04")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    claim_url = page.url

    add_source(page, base, SECOND)
    assert "Revision 2 of 2" in page.locator(".revision-nav").inner_text()
    sign_out(page)

    sign_in(page, base, "rui@example.org")
    page.goto(claim_url)
    flag = page.locator(".revision-flag")
    assert "now reads differently" in flag.inner_text()
    assert "the east terminal would open on 9 March 2026" in flag.locator("ins").inner_text()
    if SHOTS:
        page.screenshot(path=str(SHOTS / "claim-revision-flag.png"), full_page=True)
    flag.locator("text=What changed in revision 2").click()
    page.wait_for_selector(".revision-diff")
    deleted = page.locator(".revision-diff del").all_inner_texts()
    assert [text.strip() for text in deleted] == ["4", "Ferries will call there every hour."]
    assert "0 moved with their quote · 1 changed · 0 gone" in page.inner_text("main")
    if SHOTS:
        page.screenshot(path=str(SHOTS / "source-changes.png"), full_page=True)
    page.fill("table.reanchors input[name=note]", "Date checked with the authority.")
    page.click("table.reanchors button:has-text('Mark handled')")
    page.wait_for_selector("text=The revision flag is marked handled.")
    assert "handled by Rui Reviewer" in page.locator("table.reanchors").inner_text()
    page.goto(claim_url)
    assert page.locator(".revision-flag").count() == 0
