"""In Chromium: a claim enclosing another keeps both highlights reachable, a drag may start
inside a highlight and marks exactly the dragged text, and the reader works from the keyboard."""

import pytest
from sqlmodel import select

from factdb.db import make_engine, session_scope
from factdb.models import Claim, Source
from factdb.services.accounts.users import user_by_email
from factdb.services.review.claims import create_claim
from factdb.services.sources.documents import create_source
from tests.browser.test_reader_suggestions import add_source
from tests.browser.test_review_flow import SHOTS, select_text, sign_in
from tests.tracking_support import decide

ARTICLE = (
    "🚆 أخبار السكك الحديدية · Rail news\n\n"
    "The transport ministry said on Tuesday that it would spend $4.2 billion on new rail "
    "lines, officials added.\n\nWork starts in 2025."
)
STATEMENT = "said on Tuesday that it would spend $4.2 billion on new rail lines"
DATE = "on Tuesday"
DRAGGED = "Tuesday that it would spend $4.2 billion"

# The viewport box of the code point at ``offset`` of the reader's text.
CHAR_BOX = """(offset) => {
    const root = document.getElementById("source-text");
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let position = 0;
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const points = Array.from(node.data);
        if (offset < position + points.length) {
            const from = points.slice(0, offset - position).join("").length;
            const range = document.createRange();
            range.setStart(node, from);
            range.setEnd(node, from + points[offset - position].length);
            const box = range.getClientRects()[0];
            return { left: box.left, right: box.right, y: box.top + box.height / 2 };
        }
        position += points.length;
    }
    throw new Error("offset beyond the text");
}"""


@pytest.fixture
def live_db(live_server, tmp_path):
    """``with live_db() as s:`` one committed transaction on the live server's database."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    yield lambda: session_scope(engine)
    engine.dispose()


@pytest.fixture
def nested(live_db):
    """A verified date claim inside a draft statement claim, in a source with emoji and Arabic."""
    with live_db() as s:
        ana = user_by_email(s, "ana@example.org")
        source = create_source(s, ana, title="Rail spending", text=ARTICLE)
        date = create_claim(
            s,
            ana,
            source_id=source.id,
            kind="date",
            text="The ministry spoke on Tuesday 5 March 2024.",
            excerpt={"exact": DATE},
            value={"date": "2024-03-05"},
        )
    with live_db() as s:
        rui = user_by_email(s, "rui@example.org")
        ana = user_by_email(s, "ana@example.org")
    decide(live_db, date, ana, rui)
    with live_db() as s:
        statement = create_claim(
            s,
            user_by_email(s, "ana@example.org"),
            source_id=source.id,
            kind="statement",
            text="The ministry will spend $4.2 billion on rail lines.",
            excerpt={"exact": STATEMENT},
            organization="Transport Ministry",
            value={"speaker": "The transport ministry"},
        )
    return {"source": source.id, "date": date.id, "statement": statement.id}


def click_text(page, needle):
    """Click the middle of the first occurrence of ``needle`` in the reader's text."""
    start = page.evaluate(
        "(n) => Array.from(document.getElementById('source-text').textContent).join('').indexOf(n)",
        needle,
    )
    assert ARTICLE.index(needle) >= 0 and start >= 0
    offset = len(ARTICLE[: ARTICLE.index(needle)]) + len(needle) // 2
    box = page.evaluate(CHAR_BOX, offset)
    page.mouse.click((box["left"] + box["right"]) / 2, box["y"])


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_a_claim_enclosing_a_verified_date_keeps_both_clickable(
    browser, live_server, nested, viewport
):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = live_server
    sign_in(page, base, "ana@example.org")
    reader = f"{base}/sources/{nested['source']}"
    page.goto(reader)
    outer = page.locator(f"#source-text mark[data-claim='{nested['statement']}']")
    inner = page.locator(f"#source-text mark[data-claim='{nested['date']}']")
    assert inner.count() == 1 and outer.count() == 3  # before, around and after the date
    assert inner.inner_text() == DATE
    assert "".join(outer.all_inner_texts()) == STATEMENT
    assert inner.evaluate("(m) => m.parentElement.dataset.claim") == str(nested["statement"])
    assert "status-verified" in inner.get_attribute("class")
    # Both underlines show: the outer one is drawn below the inner one.
    inner_box, around = inner.bounding_box(), outer.nth(1).bounding_box()
    assert around["y"] + around["height"] > inner_box["y"] + inner_box["height"]
    if SHOTS and viewport[0] == 1280:
        page.screenshot(path=str(SHOTS / "reader-nested.png"))

    click_text(page, "Tuesday")
    popover = page.locator("#claim-popover")
    popover.wait_for(state="visible")
    links = popover.locator("a")
    assert links.count() == 2
    assert "Tuesday 5 March 2024" in links.first.inner_text()  # the innermost first
    links.first.click()
    page.wait_for_url(f"{base}/claims/{nested['date']}")

    page.goto(reader)
    click_text(page, "spend")
    popover.wait_for(state="visible")
    assert popover.locator("a").count() == 1
    popover.locator("a").click()
    page.wait_for_url(f"{base}/claims/{nested['statement']}")
    context.close()


@pytest.mark.parametrize("viewport", [(1280, 800), (390, 844)])
def test_a_drag_starting_inside_a_highlight_marks_exactly_the_dragged_text(
    browser, live_server, nested, live_db, viewport
):
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, live_server, "ana@example.org")
    page.goto(f"{live_server}/sources/{nested['source']}")
    start = ARTICLE.index(DRAGGED)
    first, last = page.evaluate(CHAR_BOX, start), page.evaluate(CHAR_BOX, start + len(DRAGGED) - 1)
    assert page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('mark.hl') !== null",
        [first["left"] + 2, first["y"]],
    )  # the drag starts on a highlight
    page.mouse.move(first["left"] + 1, first["y"])
    page.mouse.down()
    page.mouse.move((first["left"] + last["right"]) / 2, last["y"], steps=5)
    page.mouse.move(last["right"] - 1, last["y"], steps=5)
    page.mouse.up()
    assert page.evaluate("() => window.getSelection().toString()") == DRAGGED
    assert page.locator("#claim-popover").is_hidden()
    link = page.locator("#selection-link")
    link.wait_for(state="visible")
    link.click()
    page.wait_for_selector("#claim-form")
    assert page.locator(".excerpt-preview").inner_text() == DRAGGED
    page.select_option("#kind", "statement")
    page.fill("#text", "The ministry will spend $4.2 billion.")
    page.fill("#organization", "Transport Ministry")
    page.fill("#speaker", "The transport ministry")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    with live_db() as s:
        claim = s.exec(select(Claim).where(Claim.excerpt_exact == DRAGGED)).one()
        text = s.get(Source, claim.source_id).text
    assert (claim.excerpt_start, claim.excerpt_end) == (start, start + len(DRAGGED))
    assert text[claim.excerpt_start : claim.excerpt_end] == DRAGGED
    context.close()


SAVE_FOCUSED = "() => document.activeElement.matches('#claim-form button[type=submit]')"


def test_keyboard_flow_accepts_a_suggestion_without_the_mouse(page, live_server, live_db):
    sign_in(page, live_server, "ana@example.org")
    add_source(page, live_server)
    page.keyboard.press("?")
    help = page.locator("#reader-keys")
    help.wait_for(state="visible")
    assert "Dismiss the focused suggestion" in help.inner_text()
    page.keyboard.press("Escape")
    help.wait_for(state="hidden")

    page.keyboard.press("j")
    focused = page.locator("li.suggestion:focus")
    assert focused.count() == 1
    assert page.locator("#source-text mark.suggestion-focus").count() == 1  # shown in the text
    exact = focused.locator(".suggestion-context mark").inner_text()
    page.keyboard.press("j")
    page.keyboard.press("k")  # back to the first
    assert page.locator("li.suggestion:focus .suggestion-context mark").inner_text() == exact
    page.keyboard.press("a")
    page.wait_for_selector("#from-suggestion")
    assert page.locator(".excerpt-preview").inner_text() == exact
    for _ in range(60):
        if page.evaluate(SAVE_FOCUSED):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Draft claim saved")
    with live_db() as s:
        assert s.exec(select(Claim.excerpt_exact)).all() == [exact]


FOCUSED_CLAIM = "() => document.activeElement.dataset.claim"


def test_keys_open_the_claims_on_a_highlight_dismiss_and_mark_the_selection(
    page, live_server, nested
):
    sign_in(page, live_server, "ana@example.org")
    page.goto(f"{live_server}/sources/{nested['source']}")
    popover = page.locator("#claim-popover")
    page.keyboard.press("j")
    assert page.evaluate(FOCUSED_CLAIM) == str(nested["statement"])
    page.keyboard.press("j")
    assert page.evaluate(FOCUSED_CLAIM) == str(nested["date"])
    page.keyboard.press("Enter")
    popover.wait_for(state="visible")
    assert popover.locator("a").count() == 2  # the date and the statement around it
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert page.evaluate(FOCUSED_CLAIM) == str(nested["date"])  # focus back on the highlight

    page.keyboard.press("j")
    suggestion = page.locator("li.suggestion:focus")
    assert suggestion.count() == 1
    key = suggestion.get_attribute("data-key")
    page.keyboard.press("Control+d")  # modifier keys are left to the browser
    assert page.locator(f"li.suggestion[data-key='{key}']:focus").count() == 1
    with page.expect_navigation():
        page.keyboard.press("d")
    page.wait_for_selector("#dismissed-suggestions")
    assert page.locator(f"#dismissed-suggestions li[data-key='{key}']").count() == 1
    assert page.locator(f".suggestion-group li.suggestion[data-key='{key}']").count() == 0

    select_text(page, "Work starts in 2025")
    page.keyboard.press("n")
    page.wait_for_selector("#claim-form")
    assert page.locator(".excerpt-preview").inner_text() == "Work starts in 2025"
