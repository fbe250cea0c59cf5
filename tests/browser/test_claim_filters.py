"""In Chromium at 1,280 and 390 px: the claims list's filters fold away on a phone so the first
results show, each checkbox stays beside its label, a source is found by typing three letters
and filters the list, and a saved filter reproduces the list it was saved from."""

import os
import re
from pathlib import Path

import pytest

from factdb.db import make_engine, session_scope
from factdb.services.accounts.users import user_by_email
from factdb.services.review.claims import create_claim
from factdb.services.sources.documents import create_source
from tests.browser.test_accessibility import axe_path, violations  # noqa: F401 (a fixture)
from tests.browser.test_review_flow import sign_in

pytestmark = pytest.mark.browser
SHOTS = (
    Path(os.environ["FACTDB_SCREENSHOTS_DIR"]) if os.environ.get("FACTDB_SCREENSHOTS_DIR") else None
)
HARBOUR = "The harbour board said container traffic rose 7 per cent in the year to March."
RAIL = "The rail operator said ridership rose 12 per cent over the summer timetable."


@pytest.fixture
def desk(live_server, tmp_path):
    """Two sources, each with six claims: the Zébulon harbour review and a rail bulletin."""
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as s:
        ana = user_by_email(s, "ana@example.org")
        for title, publisher, text in (
            ("Zébulon harbour review", "Coastal Gazette", HARBOUR),
            ("Rail bulletin", "Transit Weekly", RAIL),
        ):
            source = create_source(s, ana, title=title, publisher=publisher, text=text)
            for n in range(6):
                create_claim(
                    s,
                    ana,
                    source_id=source.id,
                    kind="statement",
                    text=f"{title}: claim {n + 1}.",
                    excerpt={"exact": text.split(" said")[0]},
                    organization="Harbour Board" if "harbour" in title else "Rail Operator",
                    value={},
                )
    engine.dispose()
    return live_server


def _same_line(page, selector: str) -> None:
    """Each checkbox of ``selector`` sits on its label's one line."""
    labels = page.locator(selector)
    assert labels.count() >= 3
    for i in range(labels.count()):
        label = labels.nth(i)
        box, check = label.bounding_box(), label.locator("input").bounding_box()
        line = float(label.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert box["height"] < 1.6 * line, label.inner_text()
        assert (
            box["y"] - 1 <= check["y"]
            and check["y"] + check["height"] <= box["y"] + box["height"] + 1
        )


@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_the_claims_list_filters_fold_on_a_phone_and_find_sources_as_one_types(
    browser, desk, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    sign_in(page, desk, "rui@example.org")
    page.goto(desk + "/claims")
    panel = page.locator("details.filters-panel")
    summary = page.locator("details.filters-panel > summary")
    first_row = page.locator("table.claims tbody tr").first
    if width < 700:
        assert not panel.evaluate("e => e.open")
        assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= height
        assert first_row.bounding_box()["y"] + first_row.bounding_box()["height"] <= height
        summary.click()
    assert panel.evaluate("e => e.open")
    _same_line(page, "fieldset:has(legend:text('Status')) label.check")
    _same_line(page, "fieldset:has(legend:text('Kind')) label.check")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    source = page.locator("#f-source")
    source.press_sequentially("zeb", delay=60)
    option = page.locator("#f-source-list [role=option]", has_text="Zébulon harbour review")
    option.wait_for()
    assert source.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    if SHOTS and width == 1280:
        page.screenshot(path=str(SHOTS / "claims-list.png"))
    option.click()
    assert source.input_value() == "Zébulon harbour review"
    page.click("button:text('Apply filters')")
    page.wait_for_url(re.compile(r"source=\d+"))
    rows = page.locator("table.claims tbody tr")
    assert rows.count() == 6 and "Rail bulletin" not in page.locator("table.claims").inner_text()
    if width < 700:
        assert "Filters (1 active)" in summary.inner_text()
        summary.click()
    listed = sorted(rows.all_inner_texts())

    page.fill("#save-filter-name", f"Harbour at {width}")
    page.click("button:text('Save these filters')")
    page.wait_for_load_state("networkidle")
    page.goto(desk + "/claims")
    page.click(f"nav.saved-filters a:text('Harbour at {width}')")
    page.wait_for_url(re.compile(r"source=\d+"))
    assert sorted(page.locator("table.claims tbody tr").all_inner_texts()) == listed
    assert page.locator("#f-source").input_value() == "Zébulon harbour review"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_the_claims_list_and_export_page_have_no_serious_accessibility_violation(
    browser,
    desk,
    axe_path,  # noqa: F811 (the fixture)
):
    problems = []
    for width, height in ((1280, 800), (390, 844)):
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, desk, "rui@example.org")
        for path in ("/claims", "/claims?status=draft&source=1", "/export?source=1"):
            page.goto(desk + path)
            page.wait_for_load_state("networkidle")
            problems.extend(f"{width} {path}: {line}" for line in violations(page, axe_path))
        page.goto(desk + "/claims")
        if width < 700:
            page.click("details.filters-panel > summary")
        page.locator("#f-source").press_sequentially("rail", delay=60)
        page.locator("#f-source-list [role=option]").first.wait_for()
        problems.extend(f"{width} suggestions: {line}" for line in violations(page, axe_path))
        context.close()
    assert problems == []
