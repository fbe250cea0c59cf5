"""Every page a user sees, checked in Chromium by axe-core (fetched from the npm registry by
`make test`, see package.json): no serious or critical violation of its default rules (WCAG 2
A and AA, best practices) on any page and in the states that change a page (form errors, "did
you mean", a chosen highlight, the reader's keys), signed out and as each role (the editor sees
every page). FACTDB_AXE_IMPACTS=minor,moderate,serious,critical lists the lesser findings too.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlmodel import select

from factdb.db import make_engine, session_scope
from factdb.demo import load_demo
from factdb.models import Claim, Source
from factdb.services.accounts.users import user_by_email
from factdb.services.jobs import start_job
from factdb.services.publishing.publication import publish
from factdb.services.review.claims import create_claim
from factdb.services.review.evidence import add_comment
from factdb.services.sources.documents import create_source
from factdb.services.tracking.recheck import request_recheck
from tests.browser.test_tracking_ui import CLAIM_TEXT
from tests.browser.test_tracking_ui import seed as seed_conflict

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
ARTICLE = Path(__file__).resolve().parents[1] / "data" / "article.html"
BLOCKING = set(os.environ.get("FACTDB_AXE_IMPACTS", "serious,critical").split(","))
EDITOR = ("editor@example.org", "demo-editor-pass")
ANNOTATOR = ("annotator@example.org", "demo-annotator-pass")
REVIEWER = ("reviewer@example.org", "demo-reviewer-pass")

pytestmark = pytest.mark.browser


@pytest.fixture
def axe_path():
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE} (run `npm ci`, or `make test`)")
    return str(AXE)


def seed(tmp_path) -> dict:
    """The demo data, a conflict, a published verdict and a second revision of a source."""
    first_claim, second_source = seed_conflict(tmp_path)
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    with session_scope(engine) as session:
        load_demo(session)
        editor = user_by_email(session, EDITOR[0])
        annotator = user_by_email(session, ANNOTATOR[0])
        conflicting = create_claim(
            session,
            annotator,
            source_id=second_source,
            kind="date",
            text=CLAIM_TEXT.format(5),
            excerpt={"exact": "5 January 2020"},
            organization="Northern Parliament",
            value={"date": "2020-01-05", "precision": "day"},
        )
        claims = session.exec(select(Claim).order_by(Claim.id)).all()
        by_status = {}
        for claim in claims[1:]:
            by_status.setdefault(claim.status, claim)
        verified = by_status["verified"]
        add_comment(session, annotator, verified.id, "@editor the figure is in table 4.")
        publish(session, editor, verified.id, verified.version, "Checked against table 4.")
        reviewer = user_by_email(session, REVIEWER[0])
        request_recheck(session, reviewer, verified.id, "The agency revised table 4.")
        harbour = session.exec(
            select(Source).where(Source.publisher == "Alder Valley Courier")
        ).one()
        revised = create_source(
            session,
            editor,
            title=harbour.title,
            publisher=harbour.publisher,
            url=harbour.url,
            published=date(2025, 1, 17),
            text=harbour.text.replace("about 300 jobs", "about 350 jobs"),
        )
        # A claim inside another's excerpt: the reader nests their highlights.
        outer = session.exec(
            select(Claim).where(Claim.source_id == harbour.id).order_by(Claim.excerpt_start)
        ).first()
        inner = outer.excerpt_exact.split()[-2]
        start = outer.excerpt_start + outer.excerpt_exact.rindex(inner)
        create_claim(
            session,
            annotator,
            source_id=harbour.id,
            kind="statement",
            text=f"The source says “{inner}”.",
            excerpt={"start": start, "end": start + len(inner)},
            organization="Port Alder Harbour Authority",
        )
        ids = {
            "draft": by_status["draft"].id,
            "in_review": by_status["in_review"].id,
            "verified": verified.id,
            "conflict": conflicting.id,
            "first": first_claim,
            "source": harbour.id,
            "revised": revised.id,
            "organization": verified.organization_id,
            "job": start_job(session, editor, "report", {"format": "pdf"}).id,
        }
    engine.dispose()
    return ids


def sign_in(page, base, who, landing="/") -> None:
    page.goto(base + "/login")
    page.fill("#email", who[0])
    page.fill("#password", who[1])
    page.click("button[type=submit]")
    page.wait_for_url(base + landing)
    page.wait_for_load_state("networkidle")


def violations(page, axe_path) -> list[str]:
    """Each blocking violation on the page as it is now: rule id, impact, help, where."""
    page.add_script_tag(path=axe_path)
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(" ".join(node["target"]) for node in v["nodes"][:3])
        + f" [{len(v['nodes'])} element(s)]"
        for v in found
        if v["impact"] in BLOCKING
    ]


def check(page, axe_path, url, problems, shows: str | None = None) -> None:
    """Open ``url`` (200, or 404 for the missing page), make sure it shows the state it is
    meant to check (``shows``, a selector), and add its violations to ``problems``."""
    response = page.goto(url)
    expected = 404 if url.endswith("/no-such-page") else 200
    assert response.status == expected, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    if shows:
        assert page.locator(shows).count() >= 1, f"{url} does not show {shows}"
    problems.extend(f"{url}: {line}" for line in violations(page, axe_path))


def editor_pages(ids) -> list[tuple[str, str | None]]:
    """Every page an editor reaches, with what each must show to check the state it names."""
    claim, source = "/claims/{}".format, "/sources/{}".format
    organization = "/organizations/{}".format(ids["organization"])
    return [
        ("/", None),
        ("/claims", "table tbody tr"),
        ("/claims?status=verified", "table tbody tr"),
        ("/claims?q=zzzz-nothing-matches", None),
        (claim(ids["draft"]), ".badge"),
        (claim(ids["verified"]), "li.evidence"),
        (claim(ids["conflict"]), "#tracking .badge.conflict"),
        (claim(ids["draft"]) + "/edit", "form"),
        (claim(ids["conflict"]) + "/similar", "ol.similar"),
        ("/claims/similar?kind=date&text=" + quote(CLAIM_TEXT.format(4)), "ol.similar"),
        (source(ids["source"]), "mark.hl mark.hl"),
        (source(ids["revised"]) + "/changes", None),
        ("/sources", "table tbody tr"),
        ("/sources/new", "form"),
        ("/sources/import", "form"),
        ("/conflicts", "table.conflicts tbody tr"),
        ("/recheck", "ul.requests li"),
        (organization, None),
        (organization + "/aliases", None),
        ("/notifications", "li.notification"),
        ("/jobs/{}".format(ids["job"]), None),
        ("/export", "form"),
        ("/fact-checks", None),
        ("/users", "table tbody tr"),
        ("/users/events", None),
        ("/account/password", "form"),
        ("/account/tokens", "form"),
        ("/api/docs", None),
        ("/no-such-page", None),
    ]


def test_every_page_has_no_serious_or_critical_accessibility_violation(
    browser, live_server, tmp_path, axe_path
):
    ids = seed(tmp_path)
    base = live_server
    problems: list[str] = []
    # axe-core is injected as an inline script, which the app's CSP rightly refuses.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)

    public_claim = f"/public/claims/{ids['verified']}"
    for path in ("/login", "/public/", public_claim, "/no-such-page"):
        check(page, axe_path, base + path, problems)

    sign_in(page, base, (EDITOR[0], "not the password"), landing="/login")
    problems.extend(f"sign-in refused: {line}" for line in violations(page, axe_path))

    sign_in(page, base, EDITOR)
    for path, shows in editor_pages(ids):
        check(page, axe_path, base + path, problems, shows)
    page.goto(base + "/sources/import")
    page.click("button:has-text('Preview')")
    page.locator(".flash.error").wait_for(state="visible")
    problems.extend(f"import refused: {line}" for line in violations(page, axe_path))
    page.fill("#text", ARTICLE.read_text(encoding="utf-8"))
    page.click("button:has-text('Preview')")
    page.wait_for_url(base + "/sources/import/*")
    problems.extend(f"import preview: {line}" for line in violations(page, axe_path))
    page.click("text=Sign out")

    sign_in(page, base, REVIEWER)
    for path in ("/", f"/claims/{ids['in_review']}", "/notifications"):
        check(page, axe_path, base + path, problems)
    page.click("text=Sign out")

    sign_in(page, base, ANNOTATOR)
    check(page, axe_path, f"{base}/sources/{ids['source']}/claims/new?start=0&end=10", problems)
    page.select_option("#kind", "statement")
    page.fill("#organization", "Port Alder Harbor Authority")
    page.click("button:has-text('Save draft claim')")
    page.locator(".has-error").first.wait_for(state="visible")
    problems.extend(f"claim form with errors: {line}" for line in violations(page, axe_path))
    page.fill("#text", "The harbour authority said the expansion will cost $48.5 million.")
    page.click("button:has-text('Save draft claim')")
    page.locator("#did-you-mean").wait_for(state="visible")
    problems.extend(f"claim form, did you mean: {line}" for line in violations(page, axe_path))
    page.check("input[name=use_organization]")
    page.click("button:has-text('Save draft claim')")
    page.wait_for_selector("text=Draft claim saved")
    problems.extend(f"claim saved: {line}" for line in violations(page, axe_path))

    reader = f"{base}/sources/{ids['source']}"
    check(page, axe_path, reader, problems, "#suggestions button")
    page.locator("mark.hl mark.hl").first.click()
    problems.extend(f"reader, highlight chosen: {line}" for line in violations(page, axe_path))
    page.locator("body").press("?")
    page.locator("#reader-keys").wait_for(state="visible")
    problems.extend(f"reader, keys shown: {line}" for line in violations(page, axe_path))
    context.close()

    assert not problems, "\n".join(["axe-core found:", *problems])


def test_pages_at_phone_width_have_no_serious_or_critical_accessibility_violation(
    browser, live_server, tmp_path, axe_path
):
    ids = seed(tmp_path)
    base = live_server
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    check(page, axe_path, f"{base}/public/claims/{ids['verified']}", problems)
    sign_in(page, base, EDITOR)
    for path in ("/", "/claims", f"/claims/{ids['verified']}", f"/sources/{ids['source']}"):
        check(page, axe_path, base + path, problems)
    context.close()

    assert not problems, "\n".join(["axe-core found:", *problems])


def test_the_check_reports_a_button_without_a_name(browser, live_server, axe_path):
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(live_server + "/login")
    page.evaluate("document.querySelector('main').append(document.createElement('button'))")
    found = violations(page, axe_path)
    context.close()
    assert any(line.startswith("button-name (critical)") for line in found), found
