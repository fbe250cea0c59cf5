"""In Chromium: pointing at a suggestion marks its span in the source text; a whole kind is
dismissed with one button and one of them is restored."""

from tests.browser.test_review_flow import SHOTS, sign_in

ARTICLE = (
    "Harbour fares rose 5 per cent in 2023, the port authority said on 4 March 2024.\n\n"
    + "Ferry crossings were busy all summer and the quays were repaired. " * 120
    + "\n\nBus fares also rose 5 per cent in 2023, the city council said."
)


TEXT = "() => document.getElementById('source-text').textContent"
IN_VIEW = (
    "(e) => { const b = e.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; }"
)


def add_source(page, base, text: str = ARTICLE, title: str = "Fares rise again"):
    page.goto(base + "/sources/new")
    page.fill("#title", title)
    page.fill("#text", text)
    page.click("button:has-text('Add source')")
    page.wait_for_selector("#source-text")


def offsets_of(page, needle: str) -> list[int]:
    """Where ``needle`` occurs in the stored text as the reader shows it (code points)."""
    return page.evaluate(
        """(needle) => {
            const text = Array.from(document.getElementById("source-text").textContent);
            const found = [];
            for (let i = 0; i + needle.length <= text.length; i++) {
                if (text.slice(i, i + needle.length).join("") === needle) found.push(i);
            }
            return found;
        }""",
        needle,
    )


def marked(page) -> dict:
    """The marked span: its text and its offset (code points) in the source text."""
    return page.evaluate(
        """() => {
            const marks = document.querySelectorAll("#source-text mark.suggestion-focus");
            if (!marks.length) return null;
            const range = document.createRange();
            range.setStart(document.getElementById("source-text"), 0);
            range.setEndBefore(marks[0]);
            return {
                text: Array.from(marks, (m) => m.textContent).join(""),
                start: Array.from(range.toString()).length,
            };
        }"""
    )


def test_pointing_at_a_suggestion_marks_its_own_span_in_the_text(page, live_server):
    sign_in(page, live_server, "ana@example.org")
    add_source(page, live_server)
    text = page.evaluate(TEXT)
    first, second = offsets_of(page, "5 per cent")
    item = page.locator(f"li.suggestion[data-start='{second}']")
    assert "Bus fares also rose" in item.inner_text()  # told apart from the first by context
    item.hover()
    page.wait_for_selector("#source-text mark.suggestion-focus")
    assert marked(page) == {"text": "5 per cent", "start": second}
    page.locator("#source-text mark.suggestion-focus").evaluate(
        f"(mark) => new Promise((done) => {{ const check = () => ({IN_VIEW})(mark) ? done() :"
        " requestAnimationFrame(check); check(); })"
    )
    assert page.evaluate("() => window.scrollY") > 0  # the text scrolled, the list stayed
    assert item.evaluate(IN_VIEW)
    if SHOTS:
        page.screenshot(path=str(SHOTS / "reader-suggestion.png"))
    page.mouse.move(0, 0)  # leaving the list takes the mark away
    assert page.locator("#source-text mark.suggestion-focus").count() == 0
    page.locator(f"li.suggestion[data-start='{first}']").focus()  # as the Tab key would
    assert marked(page) == {"text": "5 per cent", "start": first}
    assert page.locator("#source-text mark.suggestion-focus").count() == 1
    page.evaluate("() => document.activeElement.blur()")
    assert page.locator("#source-text mark.suggestion-focus").count() == 0
    assert page.evaluate(TEXT) == text


def test_dismissing_a_kind_and_restoring_one(page, live_server):
    sign_in(page, live_server, "ana@example.org")
    add_source(page, live_server)
    figures = page.locator(".suggestion-group[data-kind=figure] li.suggestion")
    count = figures.count()
    assert count >= 2
    page.on("dialog", lambda dialog: dialog.accept())
    page.click(".suggestion-group[data-kind=figure] button:has-text('Dismiss all figures')")
    page.wait_for_selector(f"text=Dismissed {count} figure suggestions")
    assert page.locator(".suggestion-group[data-kind=figure]").count() == 0
    assert page.locator(".suggestion-group[data-kind=date]").count() == 1
    page.click("#dismissed-suggestions summary")
    restore = page.locator("#dismissed-suggestions li.suggestion").first
    assert "5 per cent" in restore.inner_text()
    restore.locator("button:has-text('Restore')").click()
    page.wait_for_selector("text=The suggestion is proposed again.")
    assert figures.count() == 1
    assert page.locator("#dismissed-suggestions summary").inner_text() == (
        f"Dismissed suggestions ({count - 1})"
    )
