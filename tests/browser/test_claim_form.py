"""In Chromium, at desktop and phone sizes: selecting "$4.2 billion" in the reader and
pressing n opens the claim form as a figure with the amount filled in; once something is
typed, leaving the form asks first; the form has no serious accessibility problem."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import AXE, violations
from tests.browser.test_reader_suggestions import add_source
from tests.browser.test_review_flow import SHOTS, select_text, sign_in

ARTICLE = (
    "The transport ministry said on Tuesday that it would spend $4.2 billion on new rail "
    "lines, officials added.\n\nWork starts in March 2026, the ministry said."
)
VIEWPORTS = [(1280, 800), (390, 844)]
pytestmark = pytest.mark.browser


def add_article(page, base):
    add_source(page, base, ARTICLE, "Rail spending")


def open_form_for(page, phrase: str):
    select_text(page, phrase)
    page.locator("#selection-link").wait_for(state="visible")
    page.keyboard.press("n")
    page.wait_for_selector("#claim-form")


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_a_selected_figure_opens_the_form_filled_and_leaving_it_asks(
    browser, live_server, width, height
):
    # axe-core is injected as an inline script, which the app's CSP rightly refuses.
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    base = live_server
    sign_in(page, base, "ana@example.org")
    add_article(page, base)
    reader = page.url
    open_form_for(page, "$4.2 billion")

    assert page.locator("#kind").input_value() == "figure"
    assert page.locator("#amount").input_value() == "4200000000"
    assert page.locator("#unit").input_value() == "USD"
    assert page.locator("fieldset[data-kind=figure]").is_visible()
    assert page.locator(".excerpt-preview").inner_text() == "$4.2 billion"
    assert "would spend" in page.locator("#excerpt-in-context").inner_text()
    if AXE.exists():
        assert violations(page, str(AXE)) == []

    # Untouched, the form lets the user go without asking.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.click("a:has-text('Cancel')")
    page.wait_for_url(reader)
    assert dialogs == []

    open_form_for(page, "$4.2 billion")
    page.fill("#text", "The ministry will spend $4.2 billion on rail.")
    if SHOTS and width == 1280:
        page.screenshot(path=str(SHOTS / "claim-form.png"), full_page=True)
    form_url = page.url
    # A link away: the browser asks (beforeunload); dismissing it keeps the typing.
    page.click("header a:has-text('Sources')", no_wait_after=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]
    assert page.url == form_url
    assert page.locator("#text").input_value().startswith("The ministry will spend")
    # Cancel on a filled form asks with confirm(); saying no stays.
    page.click("a:has-text('Cancel')")
    assert dialogs == ["beforeunload", "confirm"]
    assert page.url == form_url
    # Saving does not ask.
    page.fill("#organization", "Transport ministry")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    assert dialogs == ["beforeunload", "confirm"]
    context.close()


def test_the_pick_a_day_button_fills_the_date_field(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, live_server, "ana@example.org")
    add_article(page, live_server)
    open_form_for(page, "March 2026")
    assert page.locator("#kind").input_value() == "date"
    assert page.locator("#date").input_value() == "2026-03-01"
    assert page.locator("#precision").input_value() == "month"
    button = page.locator("button[data-date-for=date]")
    assert button.is_visible()
    # The picker's own calendar is the browser's; its choice arrives as a change event.
    page.evaluate(
        """() => {
            const proxy = document.querySelector("button[data-date-for=date] + input[type=date]");
            proxy.value = "2026-03-17";
            proxy.dispatchEvent(new Event("change"));
        }"""
    )
    assert page.locator("#date").input_value() == "2026-03-17"
    context.close()
